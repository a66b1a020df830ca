//! Receives Dixa's webhooks with axum: verifies each delivery's signature, decodes the
//! event, answers at once.
//!
//! ```sh
//! DIXA_WEBHOOK_SECRET=<the subscription's secret key> \
//!     cargo run -p dixa-client --example webhook_receiver   # listens on 127.0.0.1:3000
//! ```
//!
//! Point the subscription's URL at `/dixa/webhooks` (behind HTTPS). To try it without
//! Dixa, sign a body the way Dixa does:
//!
//! ```sh
//! body='{"event_id":"1","event_fqn":"CONVERSATION_TAG_ADDED","event_version":"1","event_timestamp":"2025-05-26T13:01:02.954Z","organization":{"id":"o","name":"Org"},"data":{}}'
//! t=$(date +%s%3N)
//! v1=$(printf '%s' "$t.$body" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$DIXA_WEBHOOK_SECRET" | cut -d' ' -f2)
//! curl -i -H "X-DIXA-SIGNATURE: t=$t,v1=$v1" -H 'Content-Type: application/json' \
//!     --data-raw "$body" http://127.0.0.1:3000/dixa/webhooks
//! ```

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use dixa_client::webhooks::{Event, EventData, Secret, Verifier, WebhookError};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let secret = std::env::var("DIXA_WEBHOOK_SECRET")
        .map_err(|_| "set DIXA_WEBHOOK_SECRET to the subscription's secret key")?;
    let verifier = Verifier::new(Secret::from_hex(&secret)?);

    let app = Router::new()
        .route("/dixa/webhooks", post(receive))
        .with_state(verifier);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    println!(
        "listening on http://{}/dixa/webhooks",
        listener.local_addr()?
    );
    axum::serve(listener, app).await?;
    Ok(())
}

/// `Bytes`, not `Json<_>`: the signature covers the raw body, byte for byte.
async fn receive(State(verifier): State<Verifier>, headers: HeaderMap, body: Bytes) -> StatusCode {
    match verifier.verify_event(&headers, &body) {
        Ok(event) => {
            // Answer quickly: do slow work elsewhere (a queue, a spawned task). Dixa
            // retries failed deliveries, so deduplicate on `event.event_id`.
            handle(event);
            StatusCode::NO_CONTENT
        }
        // Genuine, but not even an event envelope: keep the body to look at. (A known
        // event whose `data` changed shape is not an error: it arrives as
        // `EventData::Undecoded`, see `handle`.)
        Err(error @ WebhookError::InvalidPayload { .. }) => {
            eprintln!("{error}\n{}", String::from_utf8_lossy(&body));
            StatusCode::UNPROCESSABLE_ENTITY
        }
        // Not from Dixa, replayed, or a wrong secret.
        Err(error) => {
            eprintln!("refused a delivery: {error}");
            StatusCode::UNAUTHORIZED
        }
    }
}

fn handle(event: Event) {
    match &event.data {
        EventData::MessageAdded(message) => println!(
            "conversation {}: message {} ({:?}): {}",
            message.conversation.csid,
            message.message_id,
            message.direction.value(),
            message.text.as_deref().unwrap_or("")
        ),
        EventData::NoteAdded(note) => {
            println!(
                "conversation {}: note {}",
                note.conversation.csid, note.text
            )
        }
        EventData::ConversationChanged(changed) => println!(
            "conversation {}: {} (now {})",
            changed.conversation.csid, event.event_fqn, changed.conversation.status
        ),
        // Dixa changed this event's data: the delivery is genuine, so it is answered 2xx
        // (a 4xx would make Dixa retry every such delivery). Log it, keep the raw data.
        EventData::Undecoded { data, error } => eprintln!(
            "{} ({}) did not decode: {error}\n{data}",
            event.event_fqn, event.event_id
        ),
        EventData::Other(data) => println!("{}: {data}", event.event_fqn),
        _ => println!("{} ({})", event.event_fqn, event.event_id),
    }
}
