//! A first response's HTTP body that says when it has been written out:
//! hyper takes its one frame, then polls for the end (or drops it), and
//! only then may the bot edit the message Discord creates from it.

use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::Bytes;
use http_body::{Body, Frame, SizeHint};
use tokio::sync::watch;

pub(super) struct Written {
    bytes: Option<Bytes>,
    /// Told `true` at the end of the body; dropped with it otherwise (the
    /// request is gone), which ends the wait just the same.
    written: Option<watch::Sender<bool>>,
}

impl Written {
    pub(super) fn new(bytes: Vec<u8>, written: watch::Sender<bool>) -> Self {
        Self {
            bytes: Some(Bytes::from(bytes)),
            written: Some(written),
        }
    }

    fn tell(&mut self) {
        if let Some(written) = self.written.take() {
            written.send_replace(true);
        }
    }
}

impl Body for Written {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        if let Some(bytes) = self.bytes.take() {
            return Poll::Ready(Some(Ok(Frame::data(bytes))));
        }
        self.tell();
        Poll::Ready(None)
    }

    fn is_end_stream(&self) -> bool {
        self.bytes.is_none()
    }

    fn size_hint(&self) -> SizeHint {
        let length = self.bytes.as_ref().map_or(0, Bytes::len);
        SizeHint::with_exact(u64::try_from(length).unwrap_or(u64::MAX))
    }
}

impl Drop for Written {
    fn drop(&mut self) {
        self.tell();
    }
}

#[cfg(test)]
mod tests {
    use http_body_util::BodyExt;

    use super::*;

    #[tokio::test]
    async fn the_end_of_the_body_is_told_once_its_bytes_are_taken() {
        let (tx, rx) = watch::channel(false);
        let mut body = Written::new(b"{}".to_vec(), tx);
        assert_eq!(body.size_hint().exact(), Some(2));
        let frame = body.frame().await.unwrap().unwrap();
        assert_eq!(frame.into_data().unwrap(), Bytes::from_static(b"{}"));
        assert!(!*rx.borrow());
        assert!(body.frame().await.is_none());
        assert!(*rx.borrow());
    }
}
