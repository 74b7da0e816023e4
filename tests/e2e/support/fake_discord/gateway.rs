//! The fake v10 gateway: HELLO, IDENTIFY/RESUME per shard, dispatches, and
//! the faults tests ask for.

use super::*;

pub(super) fn user(id: u64, name: &str) -> Value {
    json!({"id": id.to_string(), "username": name, "discriminator": "0", "global_name": name, "avatar": null})
}

/// Discord's INTERACTION_CREATE payload. For a modal submit (type 5),
/// `name` is the modal's `custom_id` and `options` its filled-in components
/// (see [`super::modal_fields`]); otherwise they are the command's. At
/// [`DM`] it is a direct message: no server, a `user` instead of a `member`.
pub(super) fn interaction(
    kind: u8,
    id: u64,
    token: &str,
    place: Place,
    name: &str,
    options: Value,
    permissions: &str,
) -> Value {
    let member_id = 300_000_000_000_000_000 + id % 1_000_000;
    let mut payload = json!({
        "id": id.to_string(),
        "application_id": APP_ID.to_string(),
        "type": kind,
        "token": token,
        "version": 1,
        "guild_id": place.guild.to_string(),
        "channel_id": place.channel.to_string(),
        "channel": channel(place),
        "member": {
            "user": user(member_id, "member"),
            "roles": [], "joined_at": "2025-01-01T00:00:00.000000+00:00", "deaf": false, "mute": false,
            "flags": 0, "pending": false, "nick": null, "avatar": null, "premium_since": null,
            "permissions": permissions,
        },
        "data": match kind {
            3 => json!({"custom_id": name, "component_type": 2}),
            5 => json!({"custom_id": name, "components": options}),
            _ => json!({"id": COMMAND_ID.to_string(), "name": name, "type": 1, "options": options, "guild_id": place.guild.to_string()}),
        },
        "app_permissions": "2248473465835073",
        "locale": "en-US",
        "guild_locale": "en-US",
        "entitlements": [],
        "authorizing_integration_owners": {"0": place.guild.to_string()},
        "context": 0,
        "attachment_size_limit": 26_214_400,
        "message": (kind == 3).then(|| button_message(id, place)),
    });
    if place.guild == DM.guild {
        into_direct_message(&mut payload, place);
    }
    payload
}

/// The channel object of a server channel or thread at `place`.
fn channel(place: Place) -> Value {
    let mut channel = json!({
        "id": place.channel.to_string(), "type": place.kind, "name": format!("channel-{}", place.channel),
        "guild_id": place.guild.to_string(), "permissions": "2248473465835073", "nsfw": false,
        "parent_id": null, "position": 0, "flags": 0,
    });
    if let Some(parent) = place.parent {
        channel["parent_id"] = json!(parent.to_string());
        channel["thread_metadata"] = json!({
            "archived": false, "auto_archive_duration": 1440, "locked": false,
            "archive_timestamp": "2026-01-01T00:00:00.000000+00:00"
        });
    }
    channel
}

/// Turns a server interaction's payload into a direct message's: the
/// member becomes the `user`, the channel a DM with them, no server fields.
fn into_direct_message(payload: &mut Value, place: Place) {
    let sender = payload["member"]["user"].take();
    let object = payload.as_object_mut().expect("an object");
    for field in ["guild_id", "member", "guild_locale"] {
        object.remove(field);
    }
    if let Some(data) = payload["data"].as_object_mut() {
        data.remove("guild_id");
    }
    payload["user"] = sender;
    payload["channel"] = json!({
        "id": place.channel.to_string(), "type": place.kind, "flags": 0,
        "last_message_id": null, "recipients": [payload["user"].clone()],
    });
    payload["context"] = json!(1);
    payload["authorizing_integration_owners"] = json!({"0": "0"});
}

/// The message a pressed button sits on (a component interaction carries it).
fn button_message(id: u64, place: Place) -> Value {
    json!({
        "id": (id - 1).to_string(), "channel_id": place.channel.to_string(),
        "author": bot_user(), "content": "", "timestamp": "2026-01-01T00:00:00.000000+00:00",
        "edited_timestamp": null, "tts": false, "mention_everyone": false, "mentions": [],
        "mention_roles": [], "attachments": [], "embeds": [], "pinned": false, "type": 0,
        "flags": 0, "components": [],
    })
}

pub(super) fn guild_create(guild: u64) -> Value {
    let channels: Vec<Value> = WORLD
        .iter()
        .filter(|p| p.guild == guild && p.parent.is_none())
        .enumerate()
        .map(|(position, p)| {
            json!({
                "id": p.channel.to_string(), "type": p.kind, "name": format!("channel-{}", p.channel),
                "guild_id": guild.to_string(), "position": position, "permission_overwrites": [],
                "nsfw": false, "parent_id": null, "topic": null, "last_message_id": null,
                "rate_limit_per_user": 0, "flags": 0,
            })
        })
        .collect();
    let threads: Vec<Value> = WORLD
        .iter()
        .filter(|p| p.guild == guild && p.parent.is_some())
        .map(|p| {
            json!({
                "id": p.channel.to_string(), "type": p.kind, "name": format!("thread-{}", p.channel),
                "guild_id": guild.to_string(), "parent_id": p.parent.map(|id| id.to_string()),
                "owner_id": "300000000000000001", "message_count": 0, "member_count": 1,
                "rate_limit_per_user": 0, "flags": 0, "last_message_id": null,
                "thread_metadata": {"archived": false, "auto_archive_duration": 1440, "locked": false,
                                    "archive_timestamp": "2026-01-01T00:00:00.000000+00:00"},
            })
        })
        .collect();
    json!({
        "id": guild.to_string(), "name": format!("guild-{guild}"), "icon": null, "splash": null,
        "discovery_splash": null, "owner_id": "300000000000000001", "afk_channel_id": null,
        "afk_timeout": 300, "verification_level": 0, "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "roles": [{
            "id": guild.to_string(), "name": "@everyone", "color": 0,
            "colors": {"primary_color": 0, "secondary_color": null, "tertiary_color": null},
            "hoist": false, "icon": null, "unicode_emoji": null, "position": 0,
            "permissions": "2248473465835073", "managed": false, "mentionable": false, "flags": 0
        }],
        "emojis": [], "features": [], "mfa_level": 0, "application_id": null,
        "system_channel_id": null, "system_channel_flags": 0, "rules_channel_id": null,
        "vanity_url_code": null, "description": null, "banner": null, "premium_tier": 0,
        "premium_subscription_count": 0, "preferred_locale": "en-US", "public_updates_channel_id": null,
        "nsfw_level": 0, "stickers": [], "premium_progress_bar_enabled": false,
        "joined_at": "2025-01-01T00:00:00.000000+00:00", "large": false, "unavailable": false,
        "member_count": 2, "voice_states": [], "members": [], "channels": channels, "threads": threads,
        "presences": [], "stage_instances": [], "guild_scheduled_events": [],
    })
}

pub(super) async fn accept_gateway(listener: TcpListener, state: Arc<State>) {
    while let Ok((stream, _)) = listener.accept().await {
        let state = state.clone();
        // Without it, Nagle's algorithm holds back frames sent close together.
        let _ = stream.set_nodelay(true);
        tokio::spawn(async move {
            if let Ok(ws) = tokio_tungstenite::accept_async(stream).await {
                serve_gateway(ws, state).await;
            }
        });
    }
}

pub(super) async fn serve_gateway(
    mut ws: tokio_tungstenite::WebSocketStream<tokio::net::TcpStream>,
    state: Arc<State>,
) {
    let mut paused = state.paused.subscribe();
    if paused.wait_for(|paused| !paused).await.is_err() {
        return;
    }
    let (tx, mut rx) = mpsc::unbounded_channel();
    let interval = state.heartbeat_ms.load(Ordering::SeqCst);
    let hello = json!({"op": 10, "d": {"heartbeat_interval": interval}, "s": null, "t": null});
    if ws.send(WsMessage::Text(hello.to_string())).await.is_err() {
        return;
    }
    // Known once the connection has identified or resumed.
    let known: OnceLock<Shard> = OnceLock::new();
    let dispatch = |t: &str, d: Value| {
        let shard = known.get().copied().unwrap_or(Shard { id: 0, count: 1 });
        let mut seqs = state.seq.lock().unwrap();
        let seq = seqs.entry((shard.id, shard.count)).or_default();
        *seq += if state.skip_sequence.swap(false, Ordering::SeqCst) {
            2
        } else {
            1
        };
        let s = *seq;
        WsMessage::Text(json!({"op": 0, "t": t, "s": s, "d": d}).to_string())
    };
    loop {
        tokio::select! {
            incoming = ws.next() => {
                let Some(Ok(message)) = incoming else { break };
                let Ok(text) = message.to_text() else { continue };
                let Ok(frame) = serde_json::from_str::<Value>(text) else { continue };
                match frame["op"].as_u64() {
                    Some(1) => {
                        let _ = ws.send(WsMessage::Text(json!({"op": 11}).to_string())).await;
                    }
                    Some(2) if !frame["d"]["token"].as_str().is_some_and(valid_token) => {
                        let frame = CloseFrame { code: CloseCode::from(4004), reason: "Authentication failed.".into() };
                        let _ = ws.close(Some(frame)).await;
                        break;
                    }
                    Some(2) => {
                        state.identifies.fetch_add(1, Ordering::SeqCst);
                        let given = |i: usize| frame["d"]["shard"][i].as_u64();
                        let shard = Shard { id: given(0).unwrap_or(0), count: given(1).unwrap_or(1) };
                        let guilds: Vec<u64> = state.guilds.lock().unwrap().iter().copied().filter(|g| shard.owns(*g)).collect();
                        let _ = known.set(shard);
                        let ready = json!({
                            "v": 10, "user": bot_user(),
                            "guilds": guilds.iter().map(|g| json!({"id": g.to_string(), "unavailable": true})).collect::<Vec<_>>(),
                            "session_id": format!("fake-session-{}-{}", shard.id, shard.count),
                            "resume_gateway_url": state.ws_url.get(),
                            "application": {"id": APP_ID.to_string(), "flags": 0},
                            "shard": [shard.id, shard.count], "private_channels": [], "relationships": [],
                        });
                        let _ = ws.send(dispatch("READY", ready)).await;
                        for guild in guilds {
                            let _ = ws.send(dispatch("GUILD_CREATE", guild_create(guild))).await;
                        }
                        state.live.lock().unwrap().push(Live { shard, tx: tx.clone() });
                    }
                    Some(6) => {
                        state.resumes.fetch_add(1, Ordering::SeqCst);
                        let session = frame["d"]["session_id"].as_str().unwrap_or_default();
                        let mut parts = session.rsplitn(3, '-').map(|p| p.parse::<u64>().ok());
                        let (count, id) = (parts.next().flatten(), parts.next().flatten());
                        let shard = Shard { id: id.unwrap_or(0), count: count.unwrap_or(1) };
                        let _ = known.set(shard);
                        let _ = ws.send(dispatch("RESUMED", json!({}))).await;
                        state.live.lock().unwrap().push(Live { shard, tx: tx.clone() });
                    }
                    _ => {}
                }
            }
            command = rx.recv() => match command {
                Some(GatewayCommand::Dispatch(t, d)) => {
                    if t == "INTERACTION_CREATE" {
                        if let Some(id) = d["id"].as_str().and_then(|id| id.parse().ok()) {
                            state.dispatched.lock().unwrap().insert(id, Instant::now());
                        }
                    }
                    if ws.send(dispatch(t, d)).await.is_err() { break; }
                }
                Some(GatewayCommand::Raw(frame)) => {
                    if ws.send(WsMessage::Text(frame.to_string())).await.is_err() { break; }
                }
                Some(GatewayCommand::Close(code)) => {
                    let frame = CloseFrame { code: CloseCode::from(code), reason: "fake close".into() };
                    let _ = ws.close(Some(frame)).await;
                    break;
                }
                Some(GatewayCommand::Drop) | None => break,
            },
        }
    }
    // This connection is gone; forget it (a newer one may already be live).
    state
        .live
        .lock()
        .unwrap()
        .retain(|live| !live.tx.same_channel(&tx));
}
