//! The gateway road: serenity's client runs the shards `SHARDS` names,
//! its events go to the event handler (`discord::Handler`), and a shutdown
//! drains the commands in flight, then closes the gateway.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use serenity::all::{ClientBuilder, GatewayIntents, Http};

use super::duties::Duties;
use super::RunError;
use crate::app::App;
use crate::config::Config;
use crate::discord::{Handler, Unreadable};
use crate::ops::health::Serving;
use crate::shards::Shards;

/// How long a shutdown waits for the gateway to close cleanly.
const GATEWAY_CLOSE: Duration = Duration::from_secs(1);

/// The gateway client: runs the shards `SHARDS` names until they give up or
/// `signal` completes and the commands in flight have finished.
pub(super) async fn run(
    config: &Config,
    app: Arc<App>,
    http: Http,
    serving: &OnceLock<Serving>,
    mut signal: Pin<&mut impl Future<Output = ()>>,
) -> Result<(), RunError> {
    let (handler, unreadable) = (Handler::new(app.clone()), Unreadable::new(app.clone()));
    let builder = ClientBuilder::new_with_http(http, GatewayIntents::GUILDS)
        .event_handler(handler)
        .raw_event_handler(unreadable);
    let mut client = tokio::select! {
        client = builder => client?,
        () = &mut signal => return Ok(()),
    };

    let shards = client.shard_manager.clone();
    let _ = serving.set(Serving::Gateway(shards.clone()));
    let duties = Duties::start(&app, &client.http, config).await;
    tokio::select! {
        result = start(&mut client, config.shards) => result?,
        () = &mut signal => {
            // No load balancer in front of a gateway: no delay before the drain.
            duties.stop(&app).await;
            close_gateway(&shards).await;
        }
    }
    Ok(())
}

/// Closes the gateway once the commands in flight have finished.
async fn close_gateway(shards: &serenity::gateway::ShardManager) {
    // The gateway may be stuck reconnecting; the process ends regardless.
    if tokio::time::timeout(GATEWAY_CLOSE, shards.shutdown_all())
        .await
        .is_err()
    {
        tracing::warn!("the gateway did not close within {GATEWAY_CLOSE:?}; stopping anyway");
    }
}

/// Runs the shards `SHARDS` names: all of Discord's recommended count, or a range.
async fn start(client: &mut serenity::Client, shards: Shards) -> serenity::Result<()> {
    match shards {
        Shards::Auto => client.start_autosharded().await,
        // serenity 0.12 treats the range's end as inclusive (it runs
        // `end - start + 1` shards), so `first..last` runs first through last.
        Shards::Range { first, last, total } => client.start_shard_range(first..last, total).await,
    }
}
