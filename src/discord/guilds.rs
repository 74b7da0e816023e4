//! The servers the bot is in, listed over REST: what `mj-bridge commands
//! sync`, `check` and an HTTP worker's listing read, needing no gateway.

use serenity::all::{GuildInfo, GuildPagination, Http};

/// Discord lists at most this many servers per page.
const PAGE: u64 = 200;

/// Every server the bot is in (`GET /users/@me/guilds`), page by page,
/// until a page is short or brings nothing newer (a proxy answering the
/// same page again cannot keep it looping).
pub(crate) async fn every_guild(http: &Http) -> serenity::Result<Vec<GuildInfo>> {
    let mut guilds: Vec<GuildInfo> = Vec::new();
    loop {
        let after = guilds.last().map(|g| g.id);
        let page = http
            .get_guilds(after.map(GuildPagination::After), Some(PAGE))
            .await?;
        let full = page.len() as u64 >= PAGE;
        let newer = page.last().map(|g| g.id) > after;
        guilds.extend(page);
        if !(full && newer) {
            return Ok(guilds);
        }
    }
}
