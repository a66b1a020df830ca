//! Following Dixa's `meta.next` links through the pages of a list.
//!
//! Paginated operations take `pageKey`/`pageLimit` and answer
//! `{"data": [...], "meta": {"next": "/beta/agents?pageKey=abc&pageLimit=50", ...}}`.
//! Generated output types implement [`Page`]; [`Request::pages`] and [`Request::items`] turn a
//! first-page request into a stream that reissues it with each next `pageKey`.

use std::collections::HashSet;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use futures_util::{StreamExt, TryStreamExt, stream};
use percent_encoding::percent_decode_str;
use serde::de::DeserializeOwned;

use super::error::Error;
use super::request::Request;

/// The query parameter holding the page key.
pub const PAGE_KEY: &str = "pageKey";

/// One page of a paginated answer: every paginated output implements it (in
/// `v1::models` and `beta::models`: `ListAgentsOutput`, `ListEndUsersOutput`, ...), so its
/// items come as a `Vec` without unwrapping `data`.
///
/// ```
/// use dixa_client::Page;
/// use dixa_client::v1::models::ListAgentsOutput;
///
/// // What `client.v1().agents().list().page_limit(1).await?` could answer:
/// let page: ListAgentsOutput = dixa_client::serde_json::from_str(r#"{
///     "data": [{"id": "6a2b7d1e-5c2f-4c8a-9a43-0c6f3f2d1b7e", "createdAt": "2025-03-01T10:00:00Z",
///               "displayName": "Jane Doe", "email": "jane@example.com"}],
///     "meta": {"next": "/v1/agents?pageKey=abc&pageLimit=1"}
/// }"#)?;
/// assert_eq!(page.next_page_key().as_deref(), Some("abc"));
/// let agents = page.into_items(); // Vec<dixa_client::v1::models::Agent>, empty without `data`
/// assert_eq!(agents[0].display_name, "Jane Doe");
/// # Ok::<(), dixa_client::serde_json::Error>(())
/// ```
///
/// To fetch the next pages too, use `.pages()` or `.items()` on the operation instead of
/// `.await` ([`Pages`], [`Items`]).
pub trait Page: DeserializeOwned + Send + 'static {
    type Item: Send + 'static;

    /// The items of this page, in order.
    fn into_items(self) -> Vec<Self::Item>;

    /// `meta.next` as the server sent it (a path and query holding the next `pageKey`).
    fn next_link(&self) -> Option<&str>;

    /// The `pageKey` of the next page; `None` on the last page.
    fn next_page_key(&self) -> Option<String> {
        self.next_link().and_then(page_key_from_link)
    }
}

/// The `pageKey` value of a link such as `/beta/agents?pageKey=abc%3D&pageLimit=50`
/// (absolute URLs work too), percent-decoded. `None` if absent or empty.
///
/// `+` is kept as it is: keys are opaque tokens and may be base64 text.
pub fn page_key_from_link(link: &str) -> Option<String> {
    let query = link.split_once('?')?.1;
    let query = query.split('#').next().unwrap_or(query);
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == PAGE_KEY)
        .map(|(_, v)| percent_decode_str(v).decode_utf8_lossy().into_owned())
        .filter(|k| !k.is_empty())
}

/// What the stream does at its next poll.
enum Next {
    Fetch(Box<Request>, HashSet<String>),
    Fail(Error),
    Done,
}

type BoxStream<T> = Pin<Box<dyn Stream<Item = Result<T, Error>> + Send>>;

/// The pages of a list, one request each, fetched as the stream is polled.
///
/// Ends after the page without a next link (none, or empty), and after yielding an error.
/// A next link that the stream cannot follow is such an error
/// ([`ErrorKind::Pagination`](super::ErrorKind::Pagination)), yielded after the page that
/// carried it: a link without a `pageKey`, or one that repeats the key of an earlier page (a
/// server loop). So a stream that ends without an error has seen every page.
///
/// ```no_run
/// # async fn run(client: dixa_client::Client) -> Result<(), dixa_client::Error> {
/// let mut pages = client.v1().agents().list().page_limit(100).pages();
/// while let Some(page) = pages.next_page().await {
///     let page = page?;
///     println!("{} agents", page.data.as_ref().map_or(0, Vec::len));
/// }
/// # Ok(()) }
/// ```
///
/// It is also a [`Stream`](futures_core::Stream) of `Result<P, Error>`.
#[must_use = "streams do nothing unless polled"]
pub struct Pages<P> {
    inner: BoxStream<P>,
}

/// The items of all pages of a list, in order; see [`Pages`].
///
/// ```no_run
/// # async fn run(client: dixa_client::Client) -> Result<(), dixa_client::Error> {
/// // Every agent, fetching pages of 100 as needed.
/// let agents: Vec<dixa_client::v1::models::Agent> =
///     client.v1().agents().list().page_limit(100).items().collect_all().await?;
/// # Ok(()) }
/// ```
///
/// It is also a [`Stream`](futures_core::Stream) of `Result<T, Error>`.
#[must_use = "streams do nothing unless polled"]
pub struct Items<T> {
    inner: BoxStream<T>,
}

impl<P: Page> Pages<P> {
    pub(crate) fn new(first: Request) -> Self {
        let mut seen = HashSet::new();
        if let Some(key) = first.query_value(PAGE_KEY) {
            seen.insert(key.to_owned());
        }
        let pages = stream::unfold(Next::Fetch(Box::new(first), seen), |next| async move {
            let (request, mut seen) = match next {
                Next::Fetch(request, seen) => (request, seen),
                Next::Fail(error) => return Some((Err(error), Next::Done)),
                Next::Done => return None,
            };
            let next_request = (*request).clone();
            match request.send_json::<P>().await {
                Err(e) => Some((Err(e), Next::Done)),
                Ok(page) => {
                    let next = match page.next_link().filter(|link| !link.is_empty()) {
                        None => Next::Done,
                        Some(link) => match page.next_page_key() {
                            None => Next::Fail(Error::pagination(
                                next_request.operation().id,
                                format!("the next link {link:?} has no {PAGE_KEY}"),
                            )),
                            Some(key) if !seen.insert(key.clone()) => {
                                Next::Fail(Error::pagination(
                                    next_request.operation().id,
                                    format!(
                                        "the next link repeats the {PAGE_KEY} {key:?} of an earlier page (a loop)"
                                    ),
                                ))
                            }
                            Some(key) => {
                                Next::Fetch(Box::new(next_request.set_query(PAGE_KEY, key)), seen)
                            }
                        },
                    };
                    Some((Ok(page), next))
                }
            }
        });
        Pages {
            inner: Box::pin(pages),
        }
    }

    /// The next page, or `None` after the last one.
    pub async fn next_page(&mut self) -> Option<Result<P, Error>> {
        self.inner.next().await
    }

    /// A stream of the items of every page.
    pub fn items(self) -> Items<P::Item> {
        let items = self
            .inner
            .map_ok(|page| stream::iter(page.into_items().into_iter().map(Ok)))
            .try_flatten();
        Items {
            inner: Box::pin(items),
        }
    }

    /// Fetches every page.
    pub async fn collect_all(self) -> Result<Vec<P>, Error> {
        self.inner.try_collect().await
    }
}

impl<T: Send + 'static> Items<T> {
    /// The next item, or `None` after the last one.
    pub async fn next_item(&mut self) -> Option<Result<T, Error>> {
        self.inner.next().await
    }

    /// Fetches every page and returns all items.
    pub async fn collect_all(self) -> Result<Vec<T>, Error> {
        self.inner.try_collect().await
    }
}

impl<P> Stream for Pages<P> {
    type Item = Result<P, Error>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<T> Stream for Items<T> {
    type Item = Result<T, Error>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<P> fmt::Debug for Pages<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages").finish_non_exhaustive()
    }
}

impl<T> fmt::Debug for Items<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items").finish_non_exhaustive()
    }
}

impl Request {
    /// Every page, starting with the one this request asks for.
    pub fn pages<P: Page>(self) -> Pages<P> {
        Pages::new(self)
    }

    /// Every item of every page, starting with the page this request asks for.
    pub fn items<P: Page>(self) -> Items<P::Item> {
        Pages::<P>::new(self).items()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_keys_from_links() {
        let k = |l: &str| page_key_from_link(l);
        assert_eq!(
            k("/beta/agents?pageKey=abc&pageLimit=50").as_deref(),
            Some("abc")
        );
        assert_eq!(
            k("https://dev.dixa.io/beta/agents?pageLimit=5&pageKey=a%3D%3D+b").as_deref(),
            Some("a==+b")
        );
        assert_eq!(k("/beta/agents?pageLimit=50"), None);
        assert_eq!(k("/beta/agents?pageKey=&pageLimit=50"), None);
        assert_eq!(k("/beta/agents"), None);
        assert_eq!(k(""), None);
        assert_eq!(k("/x?xpageKey=1&pageKey=2#frag").as_deref(), Some("2"));
    }
}
