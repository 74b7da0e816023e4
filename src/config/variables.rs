//! The settings' names and meanings, for `--help` and `docs/configuration.md`.

/// Every setting, for `--help` and `docs/configuration.md` (a test keeps them in step).
pub(crate) const VARIABLES: &[(&str, &str)] = &[
    ("DISCORD_TOKEN", "required: the bot token"),
    (
        "DISCORD_TOKEN_FILE",
        "a file holding DISCORD_TOKEN instead (never both)",
    ),
    (
        "USEAPI_TOKEN",
        "the operator's useapi.net API token; required unless SECRETS_KEY is set",
    ),
    (
        "USEAPI_TOKEN_FILE",
        "a file holding USEAPI_TOKEN instead (never both)",
    ),
    (
        "SECRETS_KEY",
        "id:base64-key pairs, comma-separated, the first sealing: lets servers keep their own useapi token",
    ),
    (
        "SECRETS_KEY_FILE",
        "a file holding SECRETS_KEY instead (never both)",
    ),
    (
        "CREDENTIALS_DIRECTORY",
        "set by systemd's LoadCredential=: the four secrets' files, named discord-token, useapi-token, secrets-key and database-url",
    ),
    (
        "USEAPI_BASE_URL",
        "useapi.net base URL [default: https://api.useapi.net]",
    ),
    (
        "USEAPI_TIMEOUT_SECS",
        "seconds one useapi call may take, retries included [default: 60]",
    ),
    (
        "USEAPI_MAX_CONCURRENCY",
        "bound on one account's useapi calls in flight [default: its maxJobs summed]",
    ),
    (
        "USEAPI_MAX_QUEUE",
        "useapi calls of one account that may wait for a slot or a retry [default: 500]",
    ),
    (
        "USEAPI_MAX_IN_FLIGHT",
        "useapi calls in flight across all accounts, shared fairly [default: 256]",
    ),
    (
        "USEAPI_ACCOUNT_CHECK_SECS",
        "seconds between reads of the Midjourney accounts' states; 0 = off [default: 300]",
    ),
    (
        "USEAPI_REPLY_URL",
        "replyUrl sent with every job (at most 1024 characters)",
    ),
    (
        "DISCORD_PROXY_URL",
        "Discord REST proxy base URL; turns serenity's rate limiter off",
    ),
    (
        "CHANNELS_FILE",
        "channel mapping file [default: config/channels.json]",
    ),
    (
        "DATABASE_URL",
        "postgres:// URL: keep settings in PostgreSQL instead of CHANNELS_FILE",
    ),
    (
        "DATABASE_URL_FILE",
        "a file holding DATABASE_URL instead (never both)",
    ),
    (
        "SHARDS",
        "auto, or A-B/N: run shards A through B of N [default: auto]",
    ),
    (
        "INTERACTIONS_ADDR",
        "serve interactions over HTTP here (no gateway), e.g. 0.0.0.0:8080 [default: off]",
    ),
    (
        "SHUTDOWN_DELAY_SECS",
        "HTTP workers: seconds /readyz and /healthz say 503 before a shutdown stops serving [default: 5]",
    ),
    (
        "SERVER_LIST_SECS",
        "seconds between an HTTP worker's listings of the bot's servers [default: 3600]",
    ),
    (
        "HTTP_ADDR",
        "address for /livez, /readyz, /healthz and /metrics, e.g. 127.0.0.1:9000 [default: off]",
    ),
    (
        "ALLOWED_GUILDS",
        "server ids the bot serves, comma-separated, or `any`; required for a public bot",
    ),
    (
        "COMMAND_COOLDOWN_SECS",
        "seconds between one member's Midjourney commands in a server; 0 = off [default: 10]",
    ),
    ("RUST_LOG", "log filter [default: info]"),
    ("LOG_FORMAT", "text or json [default: text]"),
];
