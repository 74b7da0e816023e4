//! A server's own useapi.net account: the key ring (`SECRETS_KEY`) tests
//! give the bot, tokens sealed as the bot stores them, `/mj-channel account
//! set|clear` and the modal it opens, and `mj-bridge keys rotate|check|forget`.

use std::process::Output;
use std::time::{SystemTime, UNIX_EPOCH};

use mj_bridge::seal::KeyRing;
use secrecy::SecretString;
use serde_json::{json, Value};
use serenity::all::GuildId;

use super::bot::{TestBot, MANAGER};
use super::fake_discord::{filled_in, modal_fields, Invocation, Place, Typed};
use super::process::run_to_end;
use super::replies::Sent;

/// Two keys of a key ring: `id:key`, the key 32 bytes in standard base64.
pub const KEY_1: &str = "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
pub const KEY_2: &str = "k2:HxwdHhsaGRgXFhUUExIREA8ODQwLCgkIBwYFBAMCAQA=";
/// The key material of [`KEY_1`] and [`KEY_2`]: no output may hold it.
pub const KEY_SECRETS: [&str; 2] = [
    "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
    "HxwdHhsaGRgXFhUUExIREA8ODQwLCgkIBwYFBAMCAQA=",
];
/// The `custom_id` of the modal `/mj-channel account set` opens, and of
/// its one text input.
pub const ACCOUNT_MODAL: &str = "mj-account";
pub const TOKEN_INPUT: &str = "token";
/// The server manager who types `/mj-channel account set` and fills in the modal.
pub const ADMIN: u64 = 400_000_000_000_000_100;

/// The environment of a bot with the key ring `keys` (e.g. [`KEY_1`], or
/// `"k2:…,k1:…"`).
pub fn secrets_key(keys: &str) -> (&'static str, String) {
    ("SECRETS_KEY", keys.to_owned())
}

/// `token` sealed for `guild` with the first key of `keys`, as the bot
/// stores it: `{"key": "<key id>", "sealed": "<base64>"}`.
pub fn sealed(keys: &str, guild: u64, token: &str) -> Value {
    let ring = KeyRing::parse(&SecretString::from(keys.to_owned())).expect("a valid test key ring");
    let token = ring
        .seal(GuildId::new(guild), &SecretString::from(token.to_owned()))
        .expect("sealed");
    serde_json::to_value(token).unwrap()
}

/// Now, as a Unix time in seconds.
pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// A server's own account as the mapping file holds it: `token` sealed for
/// `guild` with the first key of `keys`, verified now, with `channels`
/// Midjourney channels.
pub fn own_account(keys: &str, guild: u64, token: &str, channels: u32) -> Value {
    json!({"token": sealed(keys, guild, token), "verified_at": unix_now(), "channels": channels})
}

/// A mapping file where each `(guild, account)` has that own account and
/// nothing else.
pub fn mapping_with_accounts(accounts: &[(u64, Value)]) -> String {
    let guilds: serde_json::Map<String, Value> = accounts
        .iter()
        .map(|(guild, account)| (guild.to_string(), json!({ "account": account })))
        .collect();
    json!({"version": 1, "guilds": guilds}).to_string()
}

/// The options of `/mj-channel account <sub>` (`set` or `clear`): a
/// subcommand group.
pub fn account_options(sub: &str) -> Value {
    json!([{"name": "account", "type": 2, "options": [{"name": sub, "type": 1, "options": []}]}])
}

impl TestBot {
    /// The mapping file as JSON (`null` while there is none).
    pub fn mapping_file(&self) -> Value {
        match std::fs::read_to_string(&self.channels_file) {
            Ok(text) => serde_json::from_str(&text).expect("the mapping file is JSON"),
            Err(_) => Value::Null,
        }
    }

    /// `guild`'s own account in the mapping file, if it has one.
    pub fn stored_account(&self, guild: u64) -> Option<Value> {
        let account = &self.mapping_file()["guilds"][guild.to_string()]["account"];
        (!account.is_null()).then(|| account.clone())
    }

    /// `/mj-channel account <sub>` typed at `place` by [`ADMIN`] with `permissions`.
    pub async fn invoke_account(&self, place: Place, permissions: &str, sub: &str) -> Invocation {
        let typed = Typed::command(place, "mj-channel", account_options(sub), permissions);
        self.discord.send(typed.by(ADMIN)).await
    }

    /// The `mj-account` modal submitted at `place` by [`ADMIN`] with
    /// `permissions`, `token` typed in its text input, as the spec of the
    /// modal says (whatever the bot opened).
    pub async fn submit_token(&self, place: Place, permissions: &str, token: &str) -> Invocation {
        let components = modal_fields(&[(TOKEN_INPUT, token)]);
        let typed = Typed::modal_submit(place, ACCOUNT_MODAL, components, permissions);
        self.discord.send(typed.by(ADMIN)).await
    }

    /// What a server manager does: `/mj-channel account set` at `place`,
    /// then the modal the bot opened, filled in with `token` and sent.
    /// Returns the submit and the bot's answer to it.
    pub async fn enter_own_token(&self, place: Place, token: &str) -> (Invocation, Sent) {
        let set = self.invoke_account(place, MANAGER, "set").await;
        let modal = self.wait_for_modal(&set).await;
        let (custom_id, components) = filled_in(&modal, &[token]);
        let typed = Typed::modal_submit(place, &custom_id, components, MANAGER).by(ADMIN);
        let submit = self.discord.send(typed).await;
        let answer = self.reply(&submit).await;
        (submit, answer)
    }

    /// `mj-bridge keys <action>` (`rotate` or `check`) against this bot's
    /// store, with `SECRETS_KEY` set to `keys` (unset for `None`); its
    /// output is leak-checked.
    pub async fn run_keys(&self, action: &str, keys: Option<&str>) -> (Output, String) {
        self.run_keys_args(&[action], keys).await
    }

    /// `mj-bridge keys forget <server_id>` against this bot's store,
    /// without `SECRETS_KEY`; its output is leak-checked.
    pub async fn forget_token(&self, server_id: &str) -> (Output, String) {
        self.run_keys_args(&["forget", server_id], None).await
    }

    async fn run_keys_args(&self, args: &[&str], keys: Option<&str>) -> (Output, String) {
        let mut cmd = self.command();
        cmd.arg("keys").args(args).env_remove("SECRETS_KEY");
        if let Some(keys) = keys {
            cmd.env("SECRETS_KEY", keys);
        }
        let output = tokio::task::spawn_blocking(move || run_to_end(&mut cmd))
            .await
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        (output, stdout)
    }

    /// `mj-bridge store import` of `mapping` (a mapping file's JSON, written
    /// to `import.json` beside this bot's mapping file) with this bot's
    /// settings: how tests fill a PostgreSQL store before or while it runs.
    pub fn store_import(&self, mapping: &str) -> Output {
        let file = self.channels_file.with_file_name("import.json");
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, mapping).unwrap();
        run_to_end(
            self.command()
                .args(["store", "import", file.to_str().unwrap()]),
        )
    }

    /// `mj-bridge store export` with this bot's settings: the whole store,
    /// leak-checked.
    pub async fn store_export(&self) -> String {
        let mut cmd = self.command();
        cmd.args(["store", "export"]);
        let output = tokio::task::spawn_blocking(move || run_to_end(&mut cmd))
            .await
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }
}
