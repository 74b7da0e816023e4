//! Checks request bodies against Discord's official OpenAPI spec (the subset
//! in `tests/fixtures/discord-openapi-subset.json`), so a body that Discord
//! would refuse fails the test instead of passing against a lenient fake.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::{json, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Body {
    GuildCommandsPut,
    InteractionCallback,
    EditOriginal,
    Followup,
    ChannelMessage,
}

const ROUTES: [(Body, &str, &str); 5] = [
    (
        Body::GuildCommandsPut,
        "/applications/{application_id}/guilds/{guild_id}/commands",
        "put",
    ),
    (
        Body::InteractionCallback,
        "/interactions/{interaction_id}/{interaction_token}/callback",
        "post",
    ),
    (
        Body::EditOriginal,
        "/webhooks/{webhook_id}/{webhook_token}/messages/@original",
        "patch",
    ),
    (
        Body::Followup,
        "/webhooks/{webhook_id}/{webhook_token}",
        "post",
    ),
    (
        Body::ChannelMessage,
        "/channels/{channel_id}/messages",
        "post",
    ),
];

fn validators() -> &'static HashMap<Body, jsonschema::Validator> {
    static VALIDATORS: OnceLock<HashMap<Body, jsonschema::Validator>> = OnceLock::new();
    VALIDATORS.get_or_init(|| {
        let spec: Value =
            serde_json::from_str(include_str!("../../fixtures/discord-openapi-subset.json"))
                .expect("the spec fixture is JSON");
        let mut components = spec["components"].clone();
        accept_digit_strings(&mut components);
        ROUTES
            .iter()
            .map(|&(body, path, method)| {
                let mut schema = spec["paths"][path][method]["requestBody"]["content"]
                    ["application/json"]["schema"]
                    .clone();
                assert!(
                    schema.is_object(),
                    "no JSON request body for {method} {path} in the spec"
                );
                accept_digit_strings(&mut schema);
                schema["components"] = components.clone();
                let validator = jsonschema::validator_for(&schema)
                    .unwrap_or_else(|e| panic!("schema of {method} {path} does not compile: {e}"));
                (body, validator)
            })
            .collect()
    })
}

/// Discord accepts a string of digits wherever its spec says integer
/// (serenity sends permissions that way), so the spec is loosened to match.
fn accept_digit_strings(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            for value in map.values_mut() {
                accept_digit_strings(value);
            }
            let says_integer = match map.get("type") {
                Some(Value::String(t)) => t == "integer",
                Some(Value::Array(types)) => types.iter().any(|t| t == "integer"),
                _ => false,
            };
            if says_integer {
                let original = Value::Object(std::mem::take(map));
                *schema = json!({"anyOf": [original, {"type": "string", "pattern": "^-?[0-9]+$"}]});
            }
        }
        Value::Array(items) => items.iter_mut().for_each(accept_digit_strings),
        _ => {}
    }
}

/// `Err` lists every problem Discord's spec finds in `value`.
pub fn check(body: Body, value: &Value) -> Result<(), String> {
    let validator = &validators()[&body];
    let problems: Vec<String> = validator
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

#[test]
fn the_spec_rejects_what_discord_would_reject() {
    // A message over 2000 characters, and a command name over 32.
    assert!(check(Body::EditOriginal, &json!({"content": "a".repeat(2001)})).is_err());
    assert!(check(
        Body::EditOriginal,
        &json!({"content": "ok", "allowed_mentions": {"parse": []}})
    )
    .is_ok());
    let command = |name: &str| json!([{"name": name, "description": "d", "type": 1, "default_member_permissions": "32"}]);
    assert!(check(Body::GuildCommandsPut, &command("fast")).is_ok());
    assert!(check(Body::GuildCommandsPut, &command(&"x".repeat(33))).is_err());
}

#[test]
fn the_spec_takes_a_modal_of_one_text_input_and_rejects_a_broken_one() {
    // As serenity 0.12.5 sends `CreateInteractionResponse::Modal`.
    let modal = |input: Value| {
        json!({"type": 9, "data": {"custom_id": "mj-account", "title": "useapi.net token",
            "components": [{"type": 1, "components": [input]}]}})
    };
    let input =
        json!({"type": 4, "custom_id": "token", "style": 1, "label": "Token", "required": true});
    assert!(check(Body::InteractionCallback, &modal(input.clone())).is_ok());
    let mut masked = input.clone();
    masked["style"] = json!(3);
    assert!(check(Body::InteractionCallback, &modal(masked)).is_err());
    let mut untitled = modal(input);
    untitled["data"]["title"] = json!("");
    assert!(check(Body::InteractionCallback, &untitled).is_err());
}
