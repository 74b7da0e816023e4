//! The bot speaks the reader's language (issue 34): a member's replies in
//! their `locale`, what the whole server reads (audit lines, alerts) in its
//! `guild_locale` or the language its admins chose with `/mj-channel
//! language`, English for any other locale; and the commands carry their
//! descriptions in all nine languages. Each behaviour over the gateway and
//! over an HTTP worker.

use serde_json::{json, Value};
use wiremock::ResponseTemplate;

use crate::support::audit_posts::wait_for_post;
use crate::support::bot::{prepare, spawn_bot_with, BotOptions, TestBot, MANAGER, MEMBER};
use crate::support::fake_discord::{Place, Typed, A_GENERAL, A_OTHER, GUILD_A};
use crate::support::invoke::admin_options;
use crate::support::replies::Sent;
use crate::support::useapi::{useapi_answers, useapi_answers_with, CONTENT};
use crate::support::useapi_accounts::{useapi_accounts, FakeAccounts, PENDING_596};

const MJ: &str = "555555555555555555";
const LOG: Place = A_OTHER;
const ALICE: u64 = 400_000_000_000_000_001;
const ADMIN: u64 = 400_000_000_000_000_100;
const NINE: [&str; 9] = [
    "en-US", "de", "es-ES", "fr", "ja", "ko", "pt-BR", "ru", "zh-CN",
];

/// How interactions reach the bot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Over {
    Gateway,
    Http,
}

/// The two tests of one behaviour, in a module named for it:
/// `<name>::over_the_gateway` and `<name>::over_http` run `body` with
/// [`Over::Gateway`] and [`Over::Http`].
macro_rules! over_both {
    ($body:ident => $name:ident) => {
        mod $name {
            #[tokio::test]
            async fn over_the_gateway() {
                super::$body(super::Over::Gateway).await;
            }

            #[tokio::test]
            async fn over_http() {
                super::$body(super::Over::Http).await;
            }
        }
    };
}

fn options(over: Over, guilds: Value, env: &[(&'static str, &str)]) -> BotOptions {
    let mut options = BotOptions {
        channels_json: Some(json!({"version": 1, "guilds": guilds}).to_string()),
        env: env.iter().map(|(k, v)| (*k, (*v).to_owned())).collect(),
        ..Default::default()
    };
    if over == Over::Http {
        options = options.http_worker();
    }
    options
}

/// The bot with `guilds` as its settings and `env`, over `over`.
async fn start(over: Over, guilds: Value, env: &[(&'static str, &str)]) -> TestBot {
    spawn_bot_with(options(over, guilds, env)).await
}

/// [`start`], useapi.net knowing [`MJ`] (fine) and answering its jobs.
async fn start_with_accounts(over: Over, guilds: Value) -> (TestBot, FakeAccounts) {
    let mut bot = prepare(options(over, guilds, &[])).await;
    let accounts = useapi_accounts(&bot, &[MJ]).await;
    bot.start().await;
    (bot, accounts)
}

/// GUILD_A: A_GENERAL uses [`MJ`], audited in [`LOG`].
fn audited() -> Value {
    json!({GUILD_A.to_string(): {
        "channels": {A_GENERAL.channel.to_string(): MJ},
        "audit": LOG.channel.to_string(),
    }})
}

/// Sends `typed` over `over` and returns the bot's first message for it.
async fn send(bot: &TestBot, over: Over, typed: Typed<'_>) -> Sent {
    let inv = match over {
        Over::Gateway => bot.discord.send(typed).await,
        Over::Http => bot.deliver(typed).await.0,
    };
    bot.reply(&inv).await
}

fn fast(member: u64, locale: &str) -> Typed<'_> {
    Typed::command(A_GENERAL, "fast", json!([]), MEMBER)
        .by(member)
        .in_locale(locale)
}

/// useapi answers every job with `status` and the JSON `body`.
async fn jobs_answer(bot: &TestBot, status: u16, body: Value) {
    useapi_answers_with(bot, ResponseTemplate::new(status).set_body_json(body)).await;
}

async fn japanese_cooldown(over: Over) {
    let bot = start(over, json!({}), &[("COMMAND_COOLDOWN_SECS", "600")]).await;
    useapi_answers(&bot, CONTENT).await;
    assert_eq!(send(&bot, over, fast(ALICE, "ja")).await.content, CONTENT);

    let refused = send(&bot, over, fast(ALICE, "ja")).await;

    assert!(refused.ephemeral);
    assert!(
        refused.content.starts_with(
            "このサーバーでは、各メンバーが Midjourney コマンドを送れるのは 600 秒に 1 回です。次のコマンドは <t:"
        ),
        "{}",
        refused.content
    );
    bot.finish().await;
}

over_both!(japanese_cooldown => a_japanese_member_gets_the_cooldown_refusal_in_japanese);

async fn japanese_useapi_error(over: Over) {
    let bot = start(over, json!({}), &[]).await;
    jobs_answer(&bot, 402, json!({"error": "Subscription expired"})).await;

    let reply = send(&bot, over, fast(ALICE, "ja")).await;

    assert_eq!(
        reply.content,
        "useapi.net によると有効なサブスクリプションがありません（HTTP 402）。useapi.net のメッセージ：「Subscription expired」。Bot の管理者は useapi.net のサブスクリプションを更新してください。"
    );
    bot.finish().await;
}

over_both!(japanese_useapi_error => a_japanese_member_gets_useapis_error_in_japanese);

async fn portuguese_list(over: Over) {
    let bot = start(over, audited(), &[]).await;
    let list = Typed::command(
        A_GENERAL,
        "mj-channel",
        admin_options("list", json!([])),
        MANAGER,
    )
    .in_locale("pt-BR");

    let reply = send(&bot, over, list).await;

    assert!(reply.ephemeral);
    assert!(
        reply.content.starts_with(&format!(
            "**Vínculos de canais do Midjourney**\n<#{}> → `{MJ}`\nEm todos os outros: ",
            A_GENERAL.channel
        )),
        "{}",
        reply.content
    );
    assert!(
        reply
            .content
            .contains(&format!("Registro de auditoria: <#{}>\n", LOG.channel)),
        "{}",
        reply.content
    );
    bot.finish().await;
}

over_both!(portuguese_list => a_brazilian_member_gets_the_mj_channel_answer_in_portuguese);

async fn german_alert(over: Over) {
    let (bot, accounts) = start_with_accounts(over, audited()).await;
    accounts.set_pending(MJ, "Please acknowledge");

    // An English-speaking member in a German server.
    let reply = send(&bot, over, fast(ALICE, "en-US").in_guild_locale("de")).await;

    assert!(
        reply.content.contains("pending moderation message"),
        "{}",
        reply.content
    );
    let posts = wait_for_post(&bot, LOG, "⚠️ Der Midjourney-Kanal").await;
    assert_eq!(
        posts,
        [
            format!(
                "<@{ALICE}> /fast in <#{}> → Midjourney-Kanal `{MJ}`: ✗ HTTP 596",
                A_GENERAL.channel
            ),
            format!(
                "⚠️ Der Midjourney-Kanal `{MJ}` hat eine offene Moderationsnachricht oder ein CAPTCHA \
                 (useapi.net meldet: „{PENDING_596}“), daher schlägt jeder Befehl fehl, der ihn nutzt. \
                 Lösung: erledige sie im Discord-Kanal von Midjourney, dann drückt ein Server-Admin \
                 unten auf „Erledigt: zurücksetzen“."
            ),
        ]
    );
    let alert = bot.posts_in(LOG).await.pop().expect("the alert");
    assert_eq!(
        alert["components"][0]["components"][0]["label"], "Erledigt: zurücksetzen",
        "{alert}"
    );
    bot.finish().await;
}

over_both!(german_alert => a_german_server_gets_its_account_alert_in_german);

fn language(code: &str) -> Typed<'_> {
    let options = admin_options(
        "language",
        json!([{"name": "language", "type": 3, "value": code}]),
    );
    Typed::command(A_GENERAL, "mj-channel", options, MANAGER).by(ADMIN)
}

/// An admin types `/mj-channel language <code>`, then Alice `/fast` (useapi
/// answering "Done!"); once her audit line in [`LOG`] reads `line`, the
/// admin's reply.
async fn choose_language(bot: &TestBot, over: Over, code: &str, line: &str) -> String {
    useapi_answers(bot, "Done!").await;
    let chosen = send(bot, over, language(code)).await;
    send(bot, over, fast(ALICE, "en-US")).await;
    wait_for_post(bot, LOG, line).await;
    chosen.content
}

async fn french_audit(over: Over) {
    let bot = start(over, audited(), &[]).await;
    let french = format!(
        "<@{ALICE}> /fast dans <#{}> → salon Midjourney `{MJ}` : ✓ Done!",
        A_GENERAL.channel
    );

    let chosen = choose_language(&bot, over, "fr", &french).await;

    assert_eq!(
        chosen,
        "Audit lines and alerts in this server are now in Français."
    );
    let file: Value =
        serde_json::from_str(&std::fs::read_to_string(&bot.channels_file).unwrap()).unwrap();
    assert_eq!(file["guilds"][GUILD_A.to_string()]["language"], "fr");
    bot.finish().await;
}

over_both!(french_audit => mj_channel_language_fr_switches_the_audit_lines_to_french);

#[tokio::test]
async fn mj_channel_language_default_gives_the_server_its_own_language_back() {
    let guilds = json!({GUILD_A.to_string(): {
        "channels": {A_GENERAL.channel.to_string(): MJ},
        "audit": LOG.channel.to_string(),
        "language": "fr",
    }});
    let bot = start(Over::Gateway, guilds, &[]).await;
    let english = format!(
        "<@{ALICE}> /fast in <#{}> → Midjourney channel `{MJ}`: ✓ Done!",
        A_GENERAL.channel
    );

    let cleared = choose_language(&bot, Over::Gateway, "default", &english).await;

    assert_eq!(
        cleared,
        "Audit lines and alerts in this server now follow the server's primary language."
    );
    bot.finish().await;
}

async fn unknown_locale(over: Over) {
    let bot = start(over, json!({}), &[]).await;
    jobs_answer(&bot, 402, json!({})).await;

    let reply = send(&bot, over, fast(ALICE, "tlh").in_guild_locale("tlh")).await;

    assert_eq!(
        reply.content,
        "useapi.net reports no active subscription (HTTP 402). The bot's admin should renew the useapi.net subscription."
    );
    bot.finish().await;
}

over_both!(unknown_locale => a_member_with_a_locale_outside_the_nine_reads_english);

/// Every description in `value` (a command, or an option of one, at any
/// depth) has all nine languages.
fn assert_localized(value: &Value, path: &str) {
    let languages: Vec<&str> = value["description_localizations"]
        .as_object()
        .map(|all| all.keys().map(String::as_str).collect())
        .unwrap_or_default();
    for code in NINE {
        assert!(languages.contains(&code), "{path} lacks {code}: {value}");
    }
    for option in value["options"].as_array().into_iter().flatten() {
        assert_localized(option, &format!("{path} {}", option["name"]));
    }
}

async fn descriptions(over: Over) {
    let bot = start(over, json!({}), &[]).await;

    let commands = bot.discord.guild_commands(GUILD_A).expect("registered");

    assert!(commands.len() > 1, "{commands:?}");
    for command in &commands {
        assert_localized(command, &format!("/{}", command["name"]));
    }
    let fast = commands
        .iter()
        .find(|c| c["name"] == "fast")
        .expect("/fast");
    assert_eq!(
        fast["description_localizations"]["ja"],
        "Midjourney を fast モードに切り替えます"
    );
    bot.finish().await;
}

over_both!(descriptions => the_commands_sent_to_discord_carry_descriptions_in_all_nine_languages);

#[tokio::test]
async fn a_servers_language_is_kept_exported_imported_and_cleared_in_both_stores() {
    use mj_bridge::settings::{Edit, Lang, Mapping};
    use serenity::all::GuildId;

    const GUILD: GuildId = GuildId::new(100_000_000_000_000_001);
    const OTHER: GuildId = GuildId::new(200_000_000_000_000_001);
    let language = |mapping: &Mapping, guild| mapping.guild(guild).and_then(|g| g.language);
    crate::store::contract::in_both_stores(|backend| async move {
        let store = backend.open().await;
        let name = store.describe();
        let french = Edit::Language(Some(Lang::of(Some("fr"))));
        assert!(store.edit(GUILD, french.clone()).await.unwrap(), "{name}");
        assert!(!store.edit(GUILD, french).await.unwrap(), "{name}");

        let reopened = backend.open().await;
        assert_eq!(
            language(&reopened.settings().get(), GUILD),
            Some(Lang::of(Some("fr"))),
            "{name}"
        );
        let exported = store.export().await.unwrap().to_json().unwrap();
        assert!(
            String::from_utf8_lossy(&exported).contains(r#""language": "fr""#),
            "{name}: {}",
            String::from_utf8_lossy(&exported)
        );
        let mut file = Mapping::default();
        file.apply(OTHER, Edit::Language(Some(Lang::of(Some("ja")))));
        store.import(&file).await.unwrap();
        let imported = store.export().await.unwrap();
        assert_eq!(
            (language(&imported, GUILD), language(&imported, OTHER)),
            (Some(Lang::of(Some("fr"))), Some(Lang::of(Some("ja")))),
            "{name}"
        );

        assert!(
            store.edit(GUILD, Edit::Language(None)).await.unwrap(),
            "{name}"
        );
        assert!(
            store.edit(OTHER, Edit::Language(None)).await.unwrap(),
            "{name}"
        );
        assert_eq!(
            store.export().await.unwrap(),
            Mapping::default(),
            "{name}: nothing left"
        );
    })
    .await;
}
