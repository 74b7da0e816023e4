//! The "Resolved: reset" button an account alert carries: pressed by a
//! server admin once a moderation message or CAPTCHA is resolved in
//! Midjourney's channel, it resets the channel's `pendingModMessage` at
//! useapi.net (`commands::reset`).
//!
//! Its custom id names the Midjourney channel and nothing else: no token,
//! no account, no server. Whoever presses it, wherever, the press spends
//! the account of the server it was pressed in, and only after checking
//! that member may (so a custom id a client forges resets nothing that
//! server could not reset with `/mj-channel account reset` anyway).

use serenity::all::{ButtonStyle, CreateActionRow, CreateButton};

use crate::ids::MjChannelId;
use crate::locale::{self, Lang};

/// What every reset button's custom id starts with.
const PREFIX: &str = "mj-reset:";

/// The action row holding the reset button for `mj`, labelled in `lang`
/// (the server's, as the alert it sits on; the alert's fix names it).
pub(crate) fn row(lang: Lang, mj: &MjChannelId) -> CreateActionRow {
    let button = CreateButton::new(format!("{PREFIX}{mj}"))
        .label(locale::text(lang, "reset-button"))
        .style(ButtonStyle::Primary);
    CreateActionRow::Buttons(vec![button])
}

/// The Midjourney channel a button's `custom_id` names, if it is one of
/// this bot's reset buttons with a valid channel id.
pub(crate) fn channel(custom_id: &str) -> Option<MjChannelId> {
    let id = custom_id.strip_prefix(PREFIX)?;
    MjChannelId::parse(id).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_custom_id_names_the_channel_alone_and_reads_back() {
        let mj = MjChannelId::parse("123456789012345678").unwrap();
        let row = serde_json::to_value(row(Lang::EN, &mj)).unwrap();
        let custom_id = row["components"][0]["custom_id"].as_str().unwrap();
        assert_eq!(custom_id, "mj-reset:123456789012345678");
        assert_eq!(row["components"][0]["label"], "Resolved: reset");
        assert_eq!(channel(custom_id), Some(mj));
    }

    #[test]
    fn anything_else_is_not_a_reset_button() {
        for other in [
            "reset",
            "mj-reset:",
            "mj-reset:12",
            "mj-reset:123456789012345678:999",
            "mj-account",
        ] {
            assert_eq!(channel(other), None, "{other}");
        }
    }
}
