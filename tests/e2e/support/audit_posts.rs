//! What the bot posted in a channel (audit lines, account alerts), read
//! from the fake Discord: every post is checked to ping nobody.

use std::time::Duration;

use serde_json::json;

use super::bot::TestBot;
use super::fake_discord::Place;
use super::wait_for_explained;

/// What the bot posted (or tried to post) in `place`.
pub async fn posts_in(bot: &TestBot, place: Place) -> Vec<String> {
    bot.posts_in(place)
        .await
        .into_iter()
        .inspect(|body| assert_eq!(body["allowed_mentions"]["parse"], json!([]), "{body}"))
        .map(|body| body["content"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// Waits for a post in `place` containing `text`, and returns all posts there.
pub async fn wait_for_post(bot: &TestBot, place: Place, text: &str) -> Vec<String> {
    wait_for_explained(
        &format!("a post containing {text:?} in <#{}>", place.channel),
        Duration::from_secs(30),
        || bot.diagnostics(),
        || async {
            let posts = posts_in(bot, place).await;
            if posts.iter().any(|p| p.contains(text)) {
                Ok(posts)
            } else {
                Err(format!("{posts:?}"))
            }
        },
    )
    .await
}

/// How many of `posts` contain `text`.
pub fn count(posts: &[String], text: &str) -> usize {
    posts.iter().filter(|p| p.contains(text)).count()
}
