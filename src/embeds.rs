//! Midjourney answers some commands (`/info` above all) with Discord-style
//! embeds instead of text. They are relayed as embeds, trimmed to what
//! Discord accepts, keeping only the fields Discord lets a bot set.

use serde_json::Value;
use serenity::all::{Colour, CreateEmbed, CreateEmbedAuthor, CreateEmbedFooter};

/// Discord's limits for embeds in one message.
const MAX_EMBEDS: usize = 10;
const MAX_FIELDS: usize = 25;
const MAX_TOTAL_CHARS: usize = 6000;

/// The embeds to send for useapi's `embeds` array; empty or unusable entries are skipped.
pub(crate) fn relay_embeds(raw: &[Value]) -> Vec<CreateEmbed> {
    let mut budget = MAX_TOTAL_CHARS;
    raw.iter()
        .filter_map(|embed| relay_embed(embed, &mut budget))
        .take(MAX_EMBEDS)
        .collect()
}

fn relay_embed(raw: &Value, budget: &mut usize) -> Option<CreateEmbed> {
    // Each text takes what it needs from the message-wide budget.
    let mut text = |value: Option<&Value>, max: usize| -> Option<String> {
        let text = value?.as_str()?.trim();
        if text.is_empty() || *budget == 0 {
            return None;
        }
        let kept: String = text.chars().take(max.min(*budget)).collect();
        *budget -= kept.chars().count();
        Some(kept)
    };
    let mut embed = CreateEmbed::new();
    let mut has_text = false;
    if let Some(title) = text(raw.get("title"), 256) {
        embed = embed.title(title);
        has_text = true;
    }
    if let Some(description) = text(raw.get("description"), 4096) {
        embed = embed.description(description);
        has_text = true;
    }
    let fields = raw
        .get("fields")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .take(MAX_FIELDS);
    for field in fields {
        let (Some(name), Some(value)) =
            (text(field.get("name"), 256), text(field.get("value"), 1024))
        else {
            continue;
        };
        embed = embed.field(
            name,
            value,
            field
                .get("inline")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        );
        has_text = true;
    }
    if let Some(footer) = text(raw.pointer("/footer/text"), 2048) {
        embed = embed.footer(CreateEmbedFooter::new(footer));
    }
    if let Some(author) = text(raw.pointer("/author/name"), 256) {
        embed = embed.author(CreateEmbedAuthor::new(author));
    }
    if let Some(colour) = raw
        .get("color")
        .and_then(Value::as_u64)
        .and_then(|c| u32::try_from(c).ok())
    {
        embed = embed.colour(Colour::new(colour & 0xFF_FFFF));
    }
    let link = |pointer: &str| {
        raw.pointer(pointer)
            .and_then(Value::as_str)
            .filter(|u| is_link(u))
    };
    if let Some(url) = link("/url") {
        embed = embed.url(url);
    }
    let image = link("/image/url");
    if let Some(url) = image {
        embed = embed.image(url);
    }
    if let Some(url) = link("/thumbnail/url") {
        embed = embed.thumbnail(url);
    }
    (has_text || image.is_some()).then_some(embed)
}

/// Discord accepts http(s) URLs of at most 2048 characters in an embed.
const MAX_URL: usize = 2048;

fn is_link(raw: &str) -> bool {
    raw.len() <= MAX_URL
        && reqwest::Url::parse(raw)
            .is_ok_and(|url| matches!(url.scheme(), "http" | "https") && url.host().is_some())
}

/// The text of useapi's embeds, for when Discord refuses the embeds
/// themselves: title in bold, description, `name: value` fields, footer.
pub(crate) fn embeds_as_text(raw: &[Value]) -> String {
    let text = |embed: &Value, pointer: &str| {
        embed
            .pointer(pointer)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
    };
    let mut lines = Vec::new();
    for embed in raw.iter().take(MAX_EMBEDS) {
        lines.extend(text(embed, "/title").map(|title| format!("**{title}**")));
        lines.extend(text(embed, "/description"));
        let fields = embed
            .get("fields")
            .and_then(Value::as_array)
            .into_iter()
            .flatten();
        for field in fields.take(MAX_FIELDS) {
            if let (Some(name), Some(value)) = (text(field, "/name"), text(field, "/value")) {
                lines.push(format!("{name}: {value}"));
            }
        }
        lines.extend(text(embed, "/footer/text"));
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[allow(clippy::needless_pass_by_value)] // takes json!() literals in place
    fn sent(raw: Value) -> Vec<Value> {
        relay_embeds(raw.as_array().unwrap())
            .into_iter()
            .map(|e| serde_json::to_value(e).unwrap())
            .collect()
    }

    #[test]
    fn an_info_panel_keeps_title_description_fields_colour_and_image() {
        let embeds = sent(json!([{
            "type": "rich", "title": "Your info", "color": 0x0000_99ff,
            "description": "**Subscription**: Standard\\n**Job Mode**: Fast",
            "fields": [{"name": "Fast Time Remaining", "value": "12.5/15.0 hours", "inline": true}],
            "image": {"url": "https://cdn.example/i.png", "proxy_url": "https://proxy/i.png", "width": 1, "height": 1},
            "footer": {"text": "Midjourney"}, "unknown": 1
        }]));
        assert_eq!(embeds.len(), 1);
        let e = &embeds[0];
        assert_eq!(e["title"], "Your info");
        assert_eq!(e["color"], 0x0000_99ff);
        assert_eq!(
            e["description"],
            "**Subscription**: Standard\\n**Job Mode**: Fast"
        );
        assert_eq!(
            e["fields"][0],
            json!({"name": "Fast Time Remaining", "value": "12.5/15.0 hours", "inline": true})
        );
        assert_eq!(e["image"]["url"], "https://cdn.example/i.png");
        assert_eq!(e["footer"]["text"], "Midjourney");
    }

    #[test]
    fn empty_and_malformed_embeds_are_skipped() {
        assert!(sent(
            json!([{}, {"description": "  "}, "text", 3, {"image": {"url": "javascript:x"}}])
        )
        .is_empty());
    }

    #[test]
    fn links_must_be_http_urls_discord_accepts() {
        let with_image = |url: &str| sent(json!([{"title": "t", "image": {"url": url}}]));
        assert_eq!(
            with_image("https://cdn.example/i.png")[0]["image"]["url"],
            "https://cdn.example/i.png"
        );
        let long = format!("https://cdn.example/{}", "a".repeat(2100));
        for bad in [
            "https://",
            "http://exa mple.com/i.png",
            "ftp://cdn.example/i.png",
            "/relative.png",
            long.as_str(),
        ] {
            assert!(with_image(bad)[0].get("image").is_none(), "{bad}");
        }
    }

    #[test]
    fn embeds_read_as_text_when_discord_refuses_them() {
        let raw = json!([{
            "title": "Your info", "description": "Fast mode",
            "fields": [{"name": "Fast Time Remaining", "value": "12.5 hours"}],
            "footer": {"text": "Midjourney"}
        }]);
        assert_eq!(
            embeds_as_text(raw.as_array().unwrap()),
            "**Your info**\nFast mode\nFast Time Remaining: 12.5 hours\nMidjourney"
        );
    }

    #[test]
    fn texts_are_trimmed_to_discord_limits() {
        let many_fields: Vec<Value> = (0..40)
            .map(|i| json!({"name": format!("n{i}"), "value": "v"}))
            .collect();
        let embeds = sent(json!([
            {"title": "t".repeat(300), "description": "d".repeat(5000), "fields": many_fields},
        ]));
        assert_eq!(embeds[0]["title"].as_str().unwrap().len(), 256);
        assert_eq!(embeds[0]["description"].as_str().unwrap().len(), 4096);
        assert_eq!(embeds[0]["fields"].as_array().unwrap().len(), 25);
    }

    #[test]
    fn at_most_ten_embeds_and_6000_characters_in_all() {
        let raw: Vec<Value> = (0..15)
            .map(|_| json!({"description": "x".repeat(1000)}))
            .collect();
        let embeds = sent(Value::Array(raw));
        assert!(embeds.len() <= 10);
        let total: usize = embeds
            .iter()
            .map(|e| e["description"].as_str().unwrap().len())
            .sum();
        assert_eq!(total, 6000);
    }
}
