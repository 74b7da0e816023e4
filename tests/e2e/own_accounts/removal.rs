//! A server that removed the bot keeps no token with it: on a GUILD_DELETE
//! that is not an outage its stored token is deleted and the log says so;
//! an outage (`unavailable: true`) keeps it.

use crate::support::bot::{spawn_bot_with, BotOptions, TestBot};
use crate::support::fake_discord::{GUILD_A, GUILD_B};
use crate::support::own_accounts::{mapping_with_accounts, own_account, KEY_1};
use crate::support::useapi_tokens::{TOKEN_A, TOKEN_B};

/// GUILD_A and GUILD_B each with their own token sealed with KEY_1.
async fn two_servers_with_tokens() -> TestBot {
    let file = mapping_with_accounts(&[
        (GUILD_A, own_account(KEY_1, GUILD_A, TOKEN_A, 1)),
        (GUILD_B, own_account(KEY_1, GUILD_B, TOKEN_B, 1)),
    ]);
    spawn_bot_with(BotOptions::new().secrets_key(KEY_1).channels(file)).await
}

#[tokio::test]
async fn a_server_that_removed_the_bot_has_its_stored_token_deleted_and_the_log_says_so() {
    let bot = two_servers_with_tokens().await;

    bot.discord.remove_from_guild(GUILD_A);
    let line = bot
        .wait_for_line("the bot was removed from this server; its stored useapi token was deleted")
        .await;

    assert!(line.contains(&GUILD_A.to_string()), "{line}");
    assert_eq!(bot.stored_account(GUILD_A), None);
    assert!(bot.stored_account(GUILD_B).is_some());
    bot.finish().await;
}

#[tokio::test]
async fn a_server_unavailable_in_an_outage_keeps_its_stored_token() {
    let bot = two_servers_with_tokens().await;

    bot.discord.guild_outage(GUILD_A);
    bot.wait_for_line("a server is unavailable (an outage at Discord)")
        .await;

    assert!(bot.stored_account(GUILD_A).is_some());
    assert!(!bot.output().contains("its stored useapi token was deleted"));
    bot.finish().await;
}
