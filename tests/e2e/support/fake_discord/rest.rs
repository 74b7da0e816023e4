//! The fake REST API: every route the bot calls, with Discord's answers and
//! the spec check of every body.

use ring::signature::KeyPair;
use wiremock::MockBuilder;

use super::*;

pub(super) async fn mount_rest(server: &MockServer, state: &Arc<State>) {
    let ws_url = state.ws_url.get().cloned().unwrap_or_default();

    let get = |p: &str| route("GET", p);
    // Like Discord, the gateway URL needs no valid token; IDENTIFY does.
    get("/gateway")
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"url": ws_url})))
        .mount(server)
        .await;
    let s = state.clone();
    let url = ws_url.clone();
    get("/gateway/bot")
        .respond_with(move |_: &Request| {
            ResponseTemplate::new(200).set_body_json(json!({
                "url": url, "shards": s.gateway_shards.load(Ordering::SeqCst),
                "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
            }))
        })
        .mount(server)
        .await;
    get("/users/@me")
        .respond_with(|req: &Request| match authorized(req) {
            true => ResponseTemplate::new(200).set_body_json(bot_user()),
            false => unauthorized(),
        })
        .mount(server)
        .await;
    let s = state.clone();
    get("/oauth2/applications/@me")
        .respond_with(move |req: &Request| match authorized(req) {
            true => ResponseTemplate::new(200).set_body_json(json!({
                "id": APP_ID.to_string(), "name": "mj-bridge", "icon": null, "description": "",
                "bot_public": s.bot_public.load(Ordering::SeqCst), "bot_require_code_grant": false,
                "verify_key": signed::hex(s.key.public_key().as_ref()), "flags": 0, "owner": bot_user(), "team": null
            })),
            false => unauthorized(),
        })
        .mount(server)
        .await;
    // The servers the bot is in, as partial guilds: in id order, at most
    // `limit` (default and cap 200) after the id `after`, as Discord pages them.
    let s = state.clone();
    get("/users/@me/guilds")
        .respond_with(move |req: &Request| {
            if !authorized(req) {
                return unauthorized();
            }
            let query = |name: &str| {
                req.url
                    .query_pairs()
                    .find(|(k, _)| k == name)
                    .and_then(|(_, v)| v.parse::<u64>().ok())
            };
            let after = query("after").unwrap_or(0);
            let limit = query("limit").unwrap_or(200).clamp(1, 200) as usize;
            let mut guilds = s.guilds.lock().unwrap().clone();
            guilds.sort_unstable();
            let page: Vec<Value> = guilds
                .into_iter()
                .filter(|g| *g > after)
                .take(limit)
                .map(|g| {
                    json!({
                        "id": g.to_string(), "name": s.guild_name(g), "icon": null,
                        "owner": false, "permissions": "0", "features": []
                    })
                })
                .collect();
            ResponseTemplate::new(200).set_body_json(page)
        })
        .mount(server)
        .await;

    mount_commands(server, state).await;
    mount_interaction_replies(server, state).await;

    // Anything else is a route this fake (and so the test) did not expect.
    Mock::given(wiremock::matchers::any())
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(json!({"message": "404: Not Found", "code": 0})),
        )
        .with_priority(u8::MAX)
        .mount(server)
        .await;
}

/// `http_method` requests to the API path matching `pattern` (a regex after
/// `/api/v10`, up to the path's end).
fn route(http_method: &str, pattern: &str) -> MockBuilder {
    Mock::given(method(http_method)).and(path_regex(format!("^/api/v10{pattern}$")))
}

/// The application's commands, global and per server: bulk overwrite (PUT)
/// replaces a server's set, as Discord does.
async fn mount_commands(server: &MockServer, state: &Arc<State>) {
    let guild_commands = r"/applications/\d+/guilds/(\d+)/commands";
    let s = state.clone();
    route("PUT", guild_commands)
        .respond_with(move |req: &Request| {
            checked(&s, Body::GuildCommandsPut, req, || {
                let guild = path_id(req, 5);
                let body: Value = req.body_json().unwrap_or(Value::Null);
                let commands: Vec<Value> = body
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
                    .into_iter()
                    .map(|c| command_object(&s, c, Some(guild)))
                    .collect();
                s.guild_commands
                    .lock()
                    .unwrap()
                    .insert(guild, commands.clone());
                ResponseTemplate::new(200).set_body_json(commands)
            })
        })
        .mount(server)
        .await;
    let s = state.clone();
    route("GET", guild_commands)
        .respond_with(move |req: &Request| {
            let commands = s
                .guild_commands
                .lock()
                .unwrap()
                .get(&path_id(req, 5))
                .cloned();
            ResponseTemplate::new(200).set_body_json(commands.unwrap_or_default())
        })
        .mount(server)
        .await;
    let s = state.clone();
    route("POST", r"/applications/\d+/(guilds/\d+/)?commands")
        .respond_with(move |req: &Request| {
            let body: Value = req.body_json().unwrap_or(Value::Null);
            ResponseTemplate::new(201).set_body_json(command_object(&s, body, None))
        })
        .mount(server)
        .await;
    route("GET", r"/applications/\d+/commands")
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(server)
        .await;
    route("PUT", r"/applications/\d+/commands")
        .respond_with(|req: &Request| {
            ResponseTemplate::new(200).set_body_json(req.body_json::<Value>().unwrap_or(json!([])))
        })
        .mount(server)
        .await;
}

/// Interaction responses, and the messages they and their follow-ups make;
/// messages posted in channels.
async fn mount_interaction_replies(server: &MockServer, state: &Arc<State>) {
    let s = state.clone();
    route("POST", r"/interactions/\d+/[^/]+/callback")
        .respond_with(move |req: &Request| {
            checked(&s, Body::InteractionCallback, req, || {
                first_response(&s, req, || ResponseTemplate::new(204))
            })
        })
        .mount(server)
        .await;
    let original = r"/webhooks/\d+/[^/]+/messages/@original";
    mount_message_route(server, state, "PATCH", original, Body::EditOriginal).await;
    let s = state.clone();
    route("GET", original)
        .respond_with(move |req: &Request| {
            ResponseTemplate::new(200).set_body_json(message_object(&s, req))
        })
        .mount(server)
        .await;
    route("DELETE", original)
        .respond_with(ResponseTemplate::new(204))
        .mount(server)
        .await;
    let followup = r"/webhooks/\d+/[^/]+";
    mount_message_route(server, state, "POST", followup, Body::Followup).await;
    let channel_message = r"/channels/\d+/messages";
    mount_message_route(server, state, "POST", channel_message, Body::ChannelMessage).await;
}

/// A route that creates or edits a message: the body is checked against the
/// spec and the answer is a message object.
pub(super) async fn mount_message_route(
    server: &MockServer,
    state: &Arc<State>,
    http_method: &str,
    pattern: &str,
    body: Body,
) {
    let s = state.clone();
    route(http_method, pattern)
        .respond_with(move |req: &Request| {
            checked(&s, body, req, || {
                ResponseTemplate::new(200).set_body_json(message_object(&s, req))
            })
        })
        .mount(server)
        .await;
}

/// Only the token the tests give the bot is accepted, as Discord would.
pub(super) fn authorized(req: &Request) -> bool {
    let given = req
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok());
    given.is_some_and(|token| token.strip_prefix("Bot ").is_some_and(valid_token))
}

pub(super) fn valid_token(token: &str) -> bool {
    token.trim_start_matches("Bot ") == crate::support::bot::DISCORD_TOKEN
}

pub(super) fn unauthorized() -> ResponseTemplate {
    ResponseTemplate::new(401).set_body_json(json!({"message": "401: Unauthorized", "code": 0}))
}

/// Answers with `ok()` when the request body passes Discord's OpenAPI spec;
/// otherwise records the violation and answers as Discord does (50035).
pub(super) fn checked(
    state: &State,
    body: Body,
    req: &Request,
    ok: impl FnOnce() -> ResponseTemplate,
) -> ResponseTemplate {
    let problem = match req.body_json::<Value>() {
        Ok(value) => match schema::check(body, &value) {
            Ok(()) => return ok(),
            Err(problems) => format!("{problems}\nbody: {value}"),
        },
        Err(e) => format!("body is not JSON: {e}"),
    };
    state
        .violations
        .lock()
        .unwrap()
        .push(format!("{} {}: {problem}", req.method, req.url.path()));
    ResponseTemplate::new(400)
        .set_body_json(json!({"code": 50035, "message": "Invalid Form Body", "errors": {}}))
}

/// Discord takes one response per interaction, answered with `ok()`; a
/// second one is refused (40060), so a modal (type 9) can only be the first
/// response, never after a defer. A modal can open in answer to a command
/// only here (Discord also allows message components), never to an
/// autocomplete or a modal submit. Refusals are recorded as violations.
pub(super) fn first_response(
    state: &State,
    req: &Request,
    ok: impl FnOnce() -> ResponseTemplate,
) -> ResponseTemplate {
    let id = path_id(req, 3);
    let callback = req
        .body_json::<Value>()
        .ok()
        .and_then(|body| body["type"].as_u64());
    let kind = state.kinds.lock().unwrap().get(&id).copied();
    let refusal = if callback == Some(9) && kind != Some(2) {
        Some((
            50035,
            format!("a modal (callback type 9) cannot answer an interaction of type {kind:?}"),
        ))
    } else if !state.acknowledged.lock().unwrap().insert(id) {
        Some((
            40060,
            "Interaction has already been acknowledged.".to_owned(),
        ))
    } else {
        None
    };
    let Some((code, message)) = refusal else {
        return ok();
    };
    state.violations.lock().unwrap().push(format!(
        "{} {}: {message} (callback type {callback:?})",
        req.method,
        req.url.path()
    ));
    ResponseTemplate::new(400).set_body_json(json!({"code": code, "message": message}))
}

pub(super) fn path_id(req: &Request, segment: usize) -> u64 {
    req.url
        .path_segments()
        .and_then(|mut s| s.nth(segment))
        .and_then(|s| s.parse().ok())
        .unwrap_or_default()
}

pub(super) fn command_object(state: &State, mut command: Value, guild: Option<u64>) -> Value {
    if let Some(obj) = command.as_object_mut() {
        obj.insert("id".into(), json!(state.next_id().to_string()));
        obj.insert("application_id".into(), json!(APP_ID.to_string()));
        obj.insert("version".into(), json!(state.next_id().to_string()));
        obj.entry("type").or_insert(json!(1));
        obj.entry("description").or_insert(json!(""));
        if let Some(guild) = guild {
            obj.insert("guild_id".into(), json!(guild.to_string()));
        }
    }
    command
}

pub(super) fn bot_user() -> Value {
    json!({
        "id": BOT_ID.to_string(), "username": "mj-bridge", "discriminator": "0000",
        "global_name": null, "avatar": null, "bot": true, "flags": 0
    })
}

pub(super) fn message_object(state: &State, req: &Request) -> Value {
    let body: Value = req.body_json().unwrap_or(Value::Null);
    json!({
        "id": state.next_id().to_string(),
        "channel_id": A_GENERAL.channel.to_string(),
        "author": bot_user(),
        "content": body.get("content").cloned().unwrap_or(json!("")),
        "timestamp": "2026-01-01T00:00:00.000000+00:00",
        "edited_timestamp": null,
        "tts": false,
        "mention_everyone": false,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": body.get("embeds").cloned().unwrap_or(json!([])),
        "pinned": false,
        "type": 0,
        "flags": body.get("flags").cloned().unwrap_or(json!(0)),
        "components": [],
    })
}
