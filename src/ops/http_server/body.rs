//! A request's body, read in full before the router sees the request: a
//! handler then never waits on a client, and a client that stops sending
//! halfway is answered (408) and closed instead of holding its connection
//! and a handler.

use std::future::poll_fn;
use std::pin::Pin;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue, Request, Response, StatusCode};
use hyper::body::{Body as _, Incoming};

use super::Limits;

/// `request` with its whole body in memory, or the response that refuses
/// it: 413 when it declares or brings more than `limits.max_body`, 408 when
/// it is not complete within `limits.body_within` of its head, 400 when it
/// breaks off (a reset, bad chunked encoding). A refusal closes the
/// connection: the rest of that body would otherwise be read as the next
/// request.
pub(super) async fn buffered(
    request: Request<Incoming>,
    limits: &Limits,
) -> Result<Request<Body>, Response<Body>> {
    let (parts, body) = request.into_parts();
    // Content-Length is known before a byte of the body is read.
    if body.size_hint().lower() > limits.max_body as u64 {
        return Err(refused(
            limits,
            StatusCode::PAYLOAD_TOO_LARGE,
            "body too large",
        ));
    }
    let read = tokio::time::timeout(limits.body_within, read(body, limits.max_body)).await;
    match read {
        Ok(Ok(bytes)) => Ok(Request::from_parts(parts, Body::from(bytes))),
        Ok(Err(status)) => Err(refused(limits, status, "body too large or broken off")),
        Err(_) => Err(refused(
            limits,
            StatusCode::REQUEST_TIMEOUT,
            "body not complete in time",
        )),
    }
}

/// The body's data, or the status refusing it once more than `max` came
/// (413) or the body broke off (400). Trailers are dropped: no route here
/// reads them.
async fn read(mut body: Incoming, max: usize) -> Result<Bytes, StatusCode> {
    let mut bytes = Vec::new();
    while let Some(frame) = poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
        let frame = frame.map_err(|_| StatusCode::BAD_REQUEST)?;
        if let Ok(data) = frame.into_data() {
            if bytes.len() + data.len() > max {
                return Err(StatusCode::PAYLOAD_TOO_LARGE);
            }
            bytes.extend_from_slice(&data);
        }
    }
    Ok(bytes.into())
}

/// `status`, empty, closing the connection; one debug line naming the
/// listener.
fn refused(limits: &Limits, status: StatusCode, why: &'static str) -> Response<Body> {
    tracing::debug!(
        listener = limits.name,
        status = status.as_u16(),
        why,
        "refused a request before routing it; closing its connection"
    );
    let mut response = Response::new(Body::empty());
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}
