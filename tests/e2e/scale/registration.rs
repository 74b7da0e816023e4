use mj_bridge::verbs::Verb;
use serde_json::Value;

use crate::support::bot::{spawn_bot, DISCORD_TOKEN};
use crate::support::fake_discord::{GUILDS, GUILD_C};
use crate::support::wait_until;

/// Every verb of the table, and `/mj-channel`, sorted.
fn all_commands() -> Vec<&'static str> {
    let mut names: Vec<&str> = Verb::ALL.iter().map(|verb| verb.name).collect();
    names.push("mj-channel");
    names.sort_unstable();
    names
}

fn names(commands: &[Value]) -> Vec<&str> {
    let mut names: Vec<&str> = commands.iter().filter_map(|c| c["name"].as_str()).collect();
    names.sort();
    names
}

#[tokio::test]
async fn commands_are_registered_in_every_guild_and_a_restart_does_not_duplicate_them() {
    let mut bot = spawn_bot().await;
    for guild in GUILDS {
        let commands = bot
            .discord
            .guild_commands(guild)
            .expect("commands registered");
        assert_eq!(names(&commands), all_commands());
        let admin = commands.iter().find(|c| c["name"] == "mj-channel").unwrap();
        assert_eq!(admin["default_member_permissions"], "32");
        let subs: Vec<&str> = admin["options"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|o| o["name"].as_str())
            .collect();
        assert_eq!(
            subs,
            ["set", "unset", "default", "list", "verbs", "audit", "language", "account"]
        );
    }

    bot.restart().await;

    for guild in GUILDS {
        assert_eq!(
            names(&bot.discord.guild_commands(guild).unwrap()),
            all_commands()
        );
    }
    let requests = bot.discord.requests().await;
    assert!(
        !requests
            .iter()
            .any(|r| r.method == "POST" && r.path.ends_with("/commands")),
        "commands must be bulk-overwritten, never created one by one"
    );
    assert!(requests
        .iter()
        .all(|r| r.authorization.as_deref() == Some(&format!("Bot {}", DISCORD_TOKEN)[..])));
    bot.finish().await;
}

#[tokio::test]
async fn joining_a_new_guild_registers_the_commands_there() {
    let bot = spawn_bot().await;
    assert!(bot.discord.guild_commands(GUILD_C).is_none());

    bot.discord.join_guild(GUILD_C);

    wait_until(
        "commands in the new guild",
        std::time::Duration::from_secs(10),
        || async { bot.discord.guild_commands(GUILD_C).is_some() },
    )
    .await;
    assert_eq!(
        names(&bot.discord.guild_commands(GUILD_C).unwrap()),
        all_commands()
    );
    bot.finish().await;
}
