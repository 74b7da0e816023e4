//! What tests make the fake Discord do wrong, or differently: rate limits,
//! failing routes, refused replies and posts, gateway drops and pauses.

use wiremock::MockBuilder;

use super::*;

impl FakeDiscord {
    /// Answers the next request matching `method` and `path_pattern` (a
    /// regex) with Discord's 429, as a shared rate-limit bucket would:
    /// `Retry-After: 1`, and 0.3 s in the body.
    pub async fn rate_limit_once(&self, http_method: &str, path_pattern: &str) {
        self.rate_limit_once_saying(http_method, path_pattern, Some("1"), 0.3)
            .await;
    }

    /// Like [`Self::rate_limit_once`], with the wait in the `Retry-After`
    /// header (seconds; none when `None`) and in the body's `retry_after`.
    pub async fn rate_limit_once_saying(
        &self,
        http_method: &str,
        path_pattern: &str,
        retry_after: Option<&str>,
        body_retry_after: f64,
    ) {
        let mut answer = ResponseTemplate::new(429)
            .insert_header("x-ratelimit-scope", "shared")
            .set_body_json(json!({"message": "You are being rate limited.", "retry_after": body_retry_after, "global": false}));
        if let Some(seconds) = retry_after {
            answer = answer.insert_header("retry-after", seconds);
        }
        Mock::given(method(http_method))
            .and(path_regex(path_pattern))
            .respond_with(answer)
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&self.rest)
            .await;
    }

    /// Names `guild` `name` (whatever its members typed) from now on.
    pub fn name_guild(&self, guild: u64, name: &str) {
        let mut names = self.state.guild_names.lock().unwrap();
        names.insert(guild, name.to_owned());
    }

    /// Turns the application's Public Bot switch on or off.
    pub fn set_bot_public(&self, public: bool) {
        self.state.bot_public.store(public, Ordering::SeqCst);
    }

    /// Refuses every message posted to `channel` as Discord does when the bot
    /// lacks a permission there: 50001 Missing Access (it cannot see the
    /// channel) or 50013 Missing Permissions (it may not send messages).
    pub async fn refuse_posts_in(&self, channel: u64, code: u32) {
        let message = if code == 50001 {
            "Missing Access"
        } else {
            "Missing Permissions"
        };
        let route = Mock::given(method("POST")).and(path_regex(format!(
            "^/api/v10/channels/{channel}/messages$"
        )));
        self.answer_first(route, discord_error(403, message, code))
            .await;
    }

    /// The heartbeat interval announced in the next HELLOs.
    pub fn set_heartbeat_interval(&self, interval: Duration) {
        self.state
            .heartbeat_ms
            .store(interval.as_millis() as u64, Ordering::SeqCst);
    }

    /// While paused, the gateway accepts connections but never says HELLO.
    pub fn pause_gateway(&self, paused: bool) {
        self.state.paused.send_replace(paused);
    }

    /// Sends GUILD_CREATE for a guild that was not in READY, as when the bot
    /// is invited to another server while running.
    pub fn join_guild(&self, guild: u64) {
        self.send_live(
            guild,
            GatewayCommand::Dispatch("GUILD_CREATE", guild_create(guild)),
        );
    }

    /// Sends GUILD_DELETE for `guild` without `unavailable`, as when the
    /// bot is removed from the server (kicked, or the server deleted).
    pub fn remove_from_guild(&self, guild: u64) {
        self.state.guilds.lock().unwrap().retain(|g| *g != guild);
        self.send_live(
            guild,
            GatewayCommand::Dispatch("GUILD_DELETE", json!({"id": guild.to_string()})),
        );
    }

    /// Sends GUILD_DELETE for `guild` with `unavailable: true`: an outage
    /// at Discord, the bot is still in the server.
    pub fn guild_outage(&self, guild: u64) {
        self.send_live(
            guild,
            GatewayCommand::Dispatch(
                "GUILD_DELETE",
                json!({"id": guild.to_string(), "unavailable": true}),
            ),
        );
    }

    /// Sends op 9 INVALID_SESSION with `d: false`: the bot must identify anew.
    pub fn invalidate_session(&self) {
        self.broadcast(GatewayCommand::Raw(
            json!({"op": 9, "d": false, "s": null, "t": null}),
        ));
    }

    /// Answers every request matching `method` and `path_pattern` with
    /// `status` until the returned handle is released; then the route
    /// works again.
    pub async fn fail_route_until_released(
        &self,
        http_method: &str,
        path_pattern: &str,
        status: u16,
    ) -> FailingRoute {
        let failing = Arc::new(AtomicBool::new(true));
        let flag = failing.clone();
        let route = Mock::given(method(http_method))
            .and(path_regex(path_pattern))
            .and(move |_: &Request| flag.load(Ordering::SeqCst));
        self.answer_first(route, discord_error(status, "Internal Server Error", 0))
            .await;
        FailingRoute(failing)
    }

    /// Answers every request matching `method` and `path_pattern` with
    /// `status`, e.g. 404 Unknown Webhook for an expired interaction.
    pub async fn fail_route(&self, http_method: &str, path_pattern: &str, status: u16) {
        let route = Mock::given(method(http_method)).and(path_regex(path_pattern));
        self.answer_first(route, discord_error(status, "Unknown Webhook", 10015))
            .await;
    }

    /// Edits of an interaction's reply are refused with 400 (50035, as for
    /// an embed Discord does not accept): those with embeds when `only_embeds`,
    /// otherwise all of them.
    pub async fn refuse_reply_edits(&self, only_embeds: bool) {
        let route = Mock::given(method("PATCH"))
            .and(path_regex(
                r"^/api/v10/webhooks/\d+/[^/]+/messages/@original$",
            ))
            .and(move |req: &Request| {
                let body: Value = serde_json::from_slice(&req.body).unwrap_or_default();
                !only_embeds || body["embeds"].as_array().is_some_and(|e| !e.is_empty())
            });
        let invalid = ResponseTemplate::new(400).set_body_json(json!({
            "message": "Invalid Form Body", "code": 50035,
            "errors": {"embeds": {"0": {"_errors": [{"code": "BASE_TYPE_INVALID", "message": "Invalid embed"}]}}}
        }));
        self.answer_first(route, invalid).await;
    }

    /// Answers interaction callbacks with 200 and the callback's outcome as
    /// JSON, as Discord does when asked `?with_response=true`, instead of
    /// 204 (serenity's own calls then warn "Mismatched successful response
    /// status from <the route, token included>"). Bodies are still checked.
    pub async fn answer_callbacks_with_200(&self) {
        let s = self.state.clone();
        Mock::given(method("POST"))
            .and(path_regex(r"^/api/v10/interactions/\d+/[^/]+/callback$"))
            .respond_with(move |req: &Request| {
                checked(&s, Body::InteractionCallback, req, || {
                    first_response(&s, req, || {
                        ResponseTemplate::new(200).set_body_json(callback_response(&s, req))
                    })
                })
            })
            .with_priority(1)
            .mount(&self.rest)
            .await;
    }

    /// Mounts `route` (a method and path, maybe more matchers) answering
    /// `answer`, ahead of the routes the fake Discord normally serves: the
    /// one way the faults here replace a working route.
    async fn answer_first(&self, route: MockBuilder, answer: ResponseTemplate) {
        route
            .respond_with(answer)
            .with_priority(1)
            .mount(&self.rest)
            .await;
    }

    /// The next event skips a sequence number, so serenity warns "Sequence off"
    /// inside its event span, whose fields hold the whole event.
    pub fn skip_a_sequence_number(&self) {
        self.state.skip_sequence.store(true, Ordering::SeqCst);
    }

    /// Drops the TCP connection without a close frame, like a network cut.
    pub fn drop_connection(&self) {
        self.broadcast(GatewayCommand::Drop);
    }

    /// Closes the gateway with `code`, e.g. 4000 "unknown error, reconnect".
    pub fn close_connection(&self, code: u16) {
        self.broadcast(GatewayCommand::Close(code));
    }
}

/// Discord's `InteractionCallbackResponse` for the callback `req`: the
/// interaction, and the message a type 4 callback created.
fn callback_response(state: &State, req: &Request) -> Value {
    let body: Value = req.body_json().unwrap_or(Value::Null);
    let kind = body["type"].as_u64().unwrap_or_default();
    let ephemeral = body["data"]["flags"].as_u64().is_some_and(|f| f & 64 != 0);
    let message_id = state.next_id().to_string();
    let id = path_id(req, 3);
    let interaction_type = state.kinds.lock().unwrap().get(&id).copied().unwrap_or(2);
    let mut answer = json!({
        "interaction": {
            "id": id.to_string(),
            "type": interaction_type,
            "response_message_id": message_id,
            "response_message_loading": kind == 5,
            "response_message_ephemeral": ephemeral,
        }
    });
    if kind == 4 {
        let mut message = message_object(state, req);
        message["id"] = json!(message_id);
        message["content"] = body["data"]["content"].clone();
        message["flags"] = json!(body["data"]["flags"].as_u64().unwrap_or_default());
        answer["resource"] = json!({"type": 4, "message": message});
    } else if kind == 9 {
        answer["resource"] = json!({"type": 9});
    }
    answer
}

/// A route [`FakeDiscord::fail_route_until_released`] makes fail.
pub struct FailingRoute(Arc<AtomicBool>);

impl FailingRoute {
    pub fn release(&self) {
        self.0.store(false, Ordering::SeqCst);
    }
}

/// Discord's error answer: `status` with its JSON body of `message` and
/// `code` (e.g. 403, "Missing Access", 50001).
fn discord_error(status: u16, message: &str, code: u32) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({"message": message, "code": code}))
}
