//! Decode/encode throughput of large bodies and the cost of a call through `dixa-client`.
//! Run by `cargo xtask bench` (which builds the payloads from the description first):
//!
//! ```text
//! wire --payloads DIR --out FILE [--runs N] [--requests N] [--only decode|client]
//!      [--redis URL]
//! wire --payloads DIR --profile messages|conversations [--runs N]
//! wire --payloads DIR --profile client-OP[-dixa|-reqwest] [--runs N] [--requests N]
//! wire --payloads DIR --profile client-canned [--runs N] [--requests N]
//! ```
//!
//! `--profile messages` only decodes that payload into its type, `--runs` times, for a profiler
//! (`perf record -g target/release/deps/wire-* --payloads target/bench/payloads --profile messages`).
//! `--profile client-get_agent` makes the client measurement's calls and prints each side's
//! wall and CPU time per call; `--profile client-get_agent-dixa` (or `-reqwest`) makes only
//! that side's calls, for a profiler. `--profile client-canned` measures the runtime's own
//! CPU time per call with a transport that answers at once (no network).
//!
//! decode  each large body into its `dixa_client::beta::models` type, into `serde_json::Value`
//!         and into `serde::de::IgnoredAny` (the parse floor), all with
//!         `serde_json::from_slice`, and into the type as the client does (UTF-8 check,
//!         then `from_str`), interleaved run by run; then re-encoding the typed value and
//!         the `Value`.
//! client  `client.agents().get(id)` and `client.agents().list()` against a loopback
//!         HTTP/1.1 server started here, and the same requests made with plain `reqwest`
//!         (the runtime's own `reqwest`, same settings) with the same decoding; both
//!         through one `reqwest::Client` (one connection), taking turns every 50 calls
//!         (see `Sides`), on one CPU (see `OneCpu`).
//! limiter (with `client`) `client.agents().get(id)` through three clients on that one
//!         connection, taking turns the same way: without a rate limiter, with the
//!         in-process one, and with the one shared through the Redis at `--redis` (a
//!         `redis-server` that `cargo xtask bench` starts), all with a limit far above the
//!         calls' rate, so that what is measured is the limiter's own cost per call.
//!
//! Results are written to `--out` as JSON samples (seconds per run); one warm-up run
//! is not counted. Nothing here asserts a time.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use dixa_client::beta::models;
// The crates dixa-client re-exports: the baseline uses the very builds the runtime does.
use dixa_client::{reqwest, serde_json, uuid};
use reqwest::header::{HeaderName, HeaderValue};
use serde::Serialize;
use serde::de::{DeserializeOwned, IgnoredAny};

#[derive(Serialize)]
struct Results {
    measurements: Vec<Measurement>,
    counts: BTreeMap<String, u64>,
}

#[derive(Serialize)]
struct Measurement {
    name: String,
    seconds: Vec<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bytes: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    requests: Option<u64>,
}

struct Args {
    payloads: PathBuf,
    out: PathBuf,
    runs: usize,
    requests: usize,
    only: Option<String>,
    profile: Option<String>,
    redis: Option<String>,
}

fn main() {
    let args = parse_args();
    match args.profile.as_deref() {
        Some("messages") => return profile::<models::ListMessagesOutput>(&args, "messages"),
        Some("conversations") => {
            return profile::<models::ListEndUserConversationsOutput>(&args, "conversations");
        }
        Some("client-canned") => return profile_canned(&args),
        Some(client) if client.starts_with("client-") => {
            return profile_client(&args, &client["client-".len()..]);
        }
        Some(other) => {
            panic!(
                "--profile takes messages, conversations, client-canned or client-OP, not {other}"
            )
        }
        None => {}
    }
    let mut results = Results {
        measurements: Vec::new(),
        counts: BTreeMap::new(),
    };
    if args.only.as_deref().is_none_or(|o| o == "decode") {
        decode_bench::<models::ListMessagesOutput>(&args, "messages", &mut results);
        decode_bench::<models::ListEndUserConversationsOutput>(
            &args,
            "conversations",
            &mut results,
        );
    }
    if args.only.as_deref().is_none_or(|o| o == "client") {
        client_bench(&args, &mut results);
        limiter_bench(&args, &mut results);
    }
    let text = serde_json::to_string_pretty(&results).expect("results serialize");
    std::fs::write(&args.out, text)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", args.out.display()));
}

// ---------------------------------------------------------------------------------------
// decode / encode

fn decode_bench<T: DeserializeOwned + Serialize>(args: &Args, name: &str, results: &mut Results) {
    let bytes = read(&args.payloads.join(format!("{name}.json")));
    // A body the types cannot decode is a bug to report, not a number.
    let typed: T = serde_json::from_slice(&bytes).unwrap_or_else(|e| {
        let path = dixa_client::runtime::json_path_at(&bytes, &e);
        panic!("{name}.json does not decode at {path}: {e}")
    });
    let value: serde_json::Value = serde_json::from_slice(&bytes).expect("valid JSON");

    let mut decode = [Vec::new(), Vec::new(), Vec::new(), Vec::new()];
    for run in 0..=args.runs {
        let times = [
            time_decode::<T>(&bytes),
            time_decode::<serde_json::Value>(&bytes),
            time_decode::<IgnoredAny>(&bytes),
            time_decode_text::<T>(&bytes),
        ];
        if run > 0 {
            for (samples, t) in decode.iter_mut().zip(times) {
                samples.push(t);
            }
        }
    }
    let [types, values, ignored, text] = decode;
    for (what, seconds) in [
        ("types", types),
        ("value", values),
        ("ignored", ignored),
        ("types_text", text),
    ] {
        results.measurements.push(Measurement {
            name: format!("decode/{name}/{what}"),
            seconds,
            bytes: Some(bytes.len() as u64),
            requests: None,
        });
    }

    let typed_len = serde_json::to_vec(&typed).expect("encodes").len();
    let value_len = serde_json::to_vec(&value).expect("encodes").len();
    let mut encode = [Vec::new(), Vec::new()];
    for run in 0..=args.runs {
        let times = [
            time_encode(&typed, typed_len),
            time_encode(&value, value_len),
        ];
        if run > 0 {
            for (samples, t) in encode.iter_mut().zip(times) {
                samples.push(t);
            }
        }
    }
    let [types, values] = encode;
    for (what, seconds, len) in [("types", types, typed_len), ("value", values, value_len)] {
        results.measurements.push(Measurement {
            name: format!("encode/{name}/{what}"),
            seconds,
            bytes: Some(len as u64),
            requests: None,
        });
    }
    results
        .counts
        .insert(format!("payload/{name}/bytes"), bytes.len() as u64);
}

/// Decodes one payload into its type `runs` times and nothing else.
fn profile<T: DeserializeOwned>(args: &Args, name: &str) {
    let bytes = read(&args.payloads.join(format!("{name}.json")));
    let mut seconds = Vec::new();
    for _ in 0..args.runs {
        seconds.push(time_decode::<T>(&bytes));
    }
    let best = seconds.iter().copied().fold(f64::INFINITY, f64::min);
    println!("{name}: best {:.0} MB/s", bytes.len() as f64 / 1e6 / best);
}

/// Seconds to decode `bytes` into `T`; dropping the result is not counted.
fn time_decode<T: DeserializeOwned>(bytes: &[u8]) -> f64 {
    let t = Instant::now();
    let decoded: T = serde_json::from_slice(bytes).expect("decodes");
    let elapsed = t.elapsed();
    drop(black_box(decoded));
    elapsed.as_secs_f64()
}

/// Seconds to decode `bytes` into `T` the way the client decodes an answer: one UTF-8
/// check of the whole body, then `serde_json::from_str`.
fn time_decode_text<T: DeserializeOwned>(bytes: &[u8]) -> f64 {
    let t = Instant::now();
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    let decoded: T = serde_json::from_str(text).expect("decodes");
    let elapsed = t.elapsed();
    drop(black_box(decoded));
    elapsed.as_secs_f64()
}

/// Seconds to encode `value` into a buffer of the right size (growth is not counted).
fn time_encode<T: Serialize>(value: &T, len: usize) -> f64 {
    let mut buffer = Vec::with_capacity(len);
    let t = Instant::now();
    serde_json::to_writer(&mut buffer, value).expect("encodes");
    let elapsed = t.elapsed();
    black_box(buffer);
    elapsed.as_secs_f64()
}

// ---------------------------------------------------------------------------------------
// client overhead

const API_KEY: &str = "bench-key";
const AGENT_ID: &str = "93b885ad-fe0d-3089-8df6-34904fd59f71";

/// Calls per turn: within every run the two sides take turns this many calls at a time.
const TURN: usize = 50;

fn client_bench(args: &Args, results: &mut Results) {
    let pinned = OneCpu::pin();
    if let Some(cpu) = pinned.cpu() {
        results
            .counts
            .insert("client/pinned_cpu".into(), cpu as u64);
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    for (op, file) in [("get_agent", "agent.json"), ("list_agents", "agents.json")] {
        let body = read(&args.payloads.join(file));
        let server = Server::start(&body);
        let sides = Sides::new(server.addr);

        let mut samples = [Vec::new(), Vec::new()];
        for run in 0..=args.runs {
            // Warm-up: a shorter round.
            let n = if run == 0 {
                args.requests / 5
            } else {
                args.requests
            };
            let turns = runtime.block_on(sides.take_turns(op, n, false));
            if run > 0 {
                for (samples, turns) in samples.iter_mut().zip(turns) {
                    samples.push(turns.wall.as_secs_f64());
                }
            }
        }
        let [dixa_samples, raw_samples] = samples;
        for (who, seconds) in [("dixa", dixa_samples), ("reqwest", raw_samples)] {
            results.measurements.push(Measurement {
                name: format!("client/{op}/{who}"),
                seconds,
                bytes: None,
                requests: Some(args.requests as u64),
            });
        }
        results.counts.insert(
            format!("client/{op}/connections"),
            server.connections() as u64,
        );
        results
            .counts
            .insert(format!("payload/{op}/bytes"), body.len() as u64);
    }
}

// ---------------------------------------------------------------------------------------
// limiter

/// The cost of a rate limiter per call: one `get_agent` client without a limiter, one with
/// the in-process limiter, one with the Redis limiter (when `--redis` is given), on one
/// `reqwest::Client`, taking turns every [`TURN`] calls in a rotating order.
fn limiter_bench(args: &Args, results: &mut Results) {
    let _pinned = OneCpu::pin();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let body = read(&args.payloads.join("agent.json"));
    let server = Server::start(&body);
    let base = format!("http://{}", server.addr);
    let http = Raw::new(&base).http;
    // Shaped like Dixa's limit (a burst, a rate, a window of a few calls) and never
    // reached: 100,000 calls a second.
    let limit = dixa_client::RateLimit::new(100_000.0, 10).at_most(10, Duration::from_micros(100));
    let client = |limiter: Option<dixa_client::RateLimiter>| {
        let builder = dixa_client::Client::builder(API_KEY)
            .base_url(&base)
            .reqwest_client(http.clone());
        match limiter {
            Some(limiter) => builder.rate_limiter(limiter),
            None => builder,
        }
        .build()
        .expect("client builds")
    };
    let mut sides = vec![
        ("none", client(None)),
        (
            "in_process",
            client(Some(dixa_client::RateLimiter::new(limit))),
        ),
    ];
    if let Some(url) = &args.redis {
        let key_prefix = format!("dixa-bench:{}", std::process::id());
        let shared = dixa_client::RedisRateLimit::new(url, limit)
            .expect("a Redis URL")
            .key_prefix(key_prefix)
            .on_redis_error(dixa_client::OnRedisError::FailCall);
        sides.push((
            "redis",
            client(Some(dixa_client::RateLimiter::redis(shared))),
        ));
    }
    let agent_id: uuid::Uuid = AGENT_ID.parse().expect("a UUID");
    let mut samples = vec![Vec::new(); sides.len()];
    for run in 0..=args.runs {
        let n = if run == 0 {
            args.requests / 5
        } else {
            args.requests
        };
        let mut spent = vec![Duration::ZERO; sides.len()];
        runtime.block_on(async {
            for (turn, start) in (0..n).step_by(TURN).enumerate() {
                let calls = TURN.min(n - start);
                for k in 0..sides.len() {
                    let i = (turn + k) % sides.len();
                    let t = Instant::now();
                    for _ in 0..calls {
                        let agent = sides[i].1.beta().agents().get(agent_id).await;
                        drop(black_box(agent.expect("the call succeeds")));
                    }
                    spent[i] += t.elapsed();
                }
            }
        });
        if run > 0 {
            for (samples, spent) in samples.iter_mut().zip(&spent) {
                samples.push(spent.as_secs_f64());
            }
        }
    }
    for ((who, _), seconds) in sides.iter().zip(samples) {
        results.measurements.push(Measurement {
            name: format!("limiter/get_agent/{who}"),
            seconds,
            bytes: None,
            requests: Some(args.requests as u64),
        });
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    Dixa,
    Reqwest,
}

/// Both sides of one operation's measurement.
///
/// They share one `reqwest::Client`, so one pooled connection and one server thread serve
/// both, and they take turns every [`TURN`] calls (ABBA) on the same thread: the only
/// difference between the sides is the code each runs for a call. dixa-client uses the
/// shared client exactly as the one it builds itself (same settings: connect timeout,
/// rustls, HTTP/1.1).
///
/// Before, each side had its own client, connection and server thread, and made all of a
/// run's calls before the other side made its own. Measured with dixa-client on both
/// sides (an A/A test, 2 CPUs, 4 processes of 5 runs of 2000 calls), that setup gave
/// per-run ratios from 0.80 to 1.18 and per-process medians from 0.93 to 1.06 (where the
/// scheduler put each server thread, relative to the client's, lasted a whole process,
/// and the load changed between a run's two halves): identical code could miss a 0.95x
/// budget. Sharing and taking turns: 0.955 to 1.05 per run, medians 0.98 to 1.02.
struct Sides {
    dixa: dixa_client::Client,
    raw: Raw,
    agent_id: uuid::Uuid,
}

/// Time spent by one side in a round of turns.
#[derive(Clone, Copy, Default)]
struct Spent {
    wall: Duration,
    /// CPU time of this thread (when asked for).
    cpu_ns: u64,
}

impl Sides {
    fn new(server: SocketAddr) -> Sides {
        let base = format!("http://{server}");
        let raw = Raw::new(&base);
        Sides {
            dixa: dixa_client::Client::builder(API_KEY)
                .base_url(&base)
                .reqwest_client(raw.http.clone())
                .build()
                .expect("client builds"),
            raw,
            agent_id: AGENT_ID.parse().expect("a UUID"),
        }
    }

    /// `n` calls of `op` through each side, the sides taking turns every [`TURN`] calls,
    /// neither always first (ABBA); the time each side spent, `[dixa, reqwest]`.
    async fn take_turns(&self, op: &str, n: usize, cpu: bool) -> [Spent; 2] {
        let mut spent = [Spent::default(); 2];
        for (turn, start) in (0..n).step_by(TURN).enumerate() {
            let calls = TURN.min(n - start);
            let order = if turn % 2 == 0 { [0, 1] } else { [1, 0] };
            for i in order {
                let side = [Side::Dixa, Side::Reqwest][i];
                let cpu_before = if cpu { thread_cpu_ns() } else { 0 };
                spent[i].wall += self.run(op, side, calls).await;
                if cpu {
                    spent[i].cpu_ns += thread_cpu_ns() - cpu_before;
                }
            }
        }
        spent
    }

    /// Makes `n` calls of `op` one after the other through `side`; the wall time they took.
    async fn run(&self, op: &str, side: Side, n: usize) -> Duration {
        let (dixa, raw, agent_id) = (&self.dixa, &self.raw, self.agent_id);
        let t = Instant::now();
        for _ in 0..n {
            match (op, side) {
                ("get_agent", Side::Dixa) => {
                    drop(black_box(dixa.beta().agents().get(agent_id).await.unwrap()))
                }
                (_, Side::Dixa) => drop(black_box(dixa.beta().agents().list().await.unwrap())),
                ("get_agent", Side::Reqwest) => {
                    let url = format!("{}/beta/agents/{agent_id}", raw.base);
                    drop(black_box(raw.get::<models::AgentOutput>(&url).await))
                }
                (_, Side::Reqwest) => {
                    let url = format!("{}/beta/agents", raw.base);
                    drop(black_box(raw.get::<models::ListAgentsOutput>(&url).await))
                }
            }
        }
        t.elapsed()
    }
}

/// `--profile client-OP` (`client-get_agent`, `client-list_agents`): the client
/// measurement alone, `--requests` calls per side per run, printing each side's wall time
/// and CPU time (of the one thread both run on) per call. `--profile client-OP-SIDE`
/// (`client-get_agent-dixa`) makes only that side's calls, for a profiler.
fn profile_client(args: &Args, what: &str) {
    let (op, only) = match what.rsplit_once('-') {
        Some((op, "dixa")) => (op, Some(Side::Dixa)),
        Some((op, "reqwest")) => (op, Some(Side::Reqwest)),
        _ => (what, None),
    };
    let file = match op {
        "get_agent" => "agent.json",
        "list_agents" => "agents.json",
        other => panic!("--profile client-OP: OP is get_agent or list_agents, not {other}"),
    };
    let _pinned = OneCpu::pin();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let server = Server::start(&read(&args.payloads.join(file)));
    let sides = Sides::new(server.addr);
    for run in 0..=args.runs {
        let n = if run == 0 {
            args.requests / 5
        } else {
            args.requests
        };
        let spent = match only {
            Some(side) => {
                let cpu = thread_cpu_ns();
                let wall = runtime.block_on(sides.run(op, side, n));
                let spent = Spent {
                    wall,
                    cpu_ns: thread_cpu_ns() - cpu,
                };
                match side {
                    Side::Dixa => [Some(spent), None],
                    Side::Reqwest => [None, Some(spent)],
                }
            }
            None => runtime.block_on(sides.take_turns(op, n, true)).map(Some),
        };
        if run == 0 {
            continue;
        }
        let per_call = |ns: f64| ns / n as f64 / 1e3;
        for (side, spent) in [Side::Dixa, Side::Reqwest].iter().zip(spent) {
            if let Some(spent) = spent {
                println!(
                    "{op} {side:?}: {:.1} us/call wall, {:.1} us/call CPU",
                    per_call(spent.wall.as_nanos() as f64),
                    per_call(spent.cpu_ns as f64)
                );
            }
        }
    }
}

/// `--profile client-canned`: the runtime's own CPU time per call, without a network. A
/// `get` through a transport that answers at once with the agent example, in rounds of
/// 500 calls taking turns with 500 decodes of the same body alone; prints the best round
/// of each (ns per call) and the difference. Loopback HTTP costs 10-40 times more than the
/// runtime and varies with where the scheduler puts the threads, so this is the steady
/// number to compare two versions of the runtime with.
fn profile_canned(args: &Args) {
    use dixa_client::runtime::{
        Bytes, HeaderMap, HttpRequest, HttpResponse, StatusCode, Transport, TransportFuture,
    };
    struct Canned(Bytes);
    impl Transport for Canned {
        fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
            let body = self.0.clone();
            Box::pin(async move {
                drop(black_box(request));
                Ok(HttpResponse::new(StatusCode::OK, HeaderMap::new(), body))
            })
        }
    }
    const ROUND: usize = 500;
    let body = Bytes::from(read(&args.payloads.join("agent.json")));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let client = dixa_client::Client::builder(API_KEY)
        .base_url("http://127.0.0.1:9")
        .transport(Canned(body.clone()))
        .build()
        .expect("client builds");
    let agent_id: uuid::Uuid = AGENT_ID.parse().expect("a UUID");
    let calls = || {
        runtime.block_on(async {
            let t = Instant::now();
            for _ in 0..ROUND {
                drop(black_box(
                    client.beta().agents().get(agent_id).await.unwrap(),
                ));
            }
            t.elapsed()
        })
    };
    let decodes = || {
        let t = Instant::now();
        for _ in 0..ROUND {
            let decoded: models::AgentOutput = serde_json::from_slice(&body).expect("decodes");
            drop(black_box(decoded));
        }
        t.elapsed()
    };
    calls();
    let (mut best_call, mut best_decode) = (Duration::MAX, Duration::MAX);
    for _ in 0..args.requests.div_ceil(ROUND).max(1) * args.runs.max(1) {
        best_call = best_call.min(calls());
        best_decode = best_decode.min(decodes());
    }
    let ns = |d: Duration| d.as_nanos() as f64 / ROUND as f64;
    println!(
        "get through a canned transport: {:.0} ns/call; decoding the body alone: {:.0} ns; \
         the runtime: {:.0} ns/call (best of {} rounds of {ROUND})",
        ns(best_call),
        ns(best_decode),
        ns(best_call) - ns(best_decode),
        args.requests.div_ceil(ROUND).max(1) * args.runs.max(1)
    );
}

/// The client measurement runs on one CPU: the calling thread, and the server threads it
/// starts (which inherit the setting), are pinned to the CPU it is on, until dropped.
///
/// Left to the scheduler, the client and server threads sometimes shared a CPU (a call took
/// ~55 us here) and sometimes not (~185 us: waking a thread on the other CPU is slow in this
/// VM), for a whole process: the req/s figures were bimodal, and the runtime's overhead
/// weighed three times less in the slow mode. On one CPU it is always the fast mode, where
/// the overhead shows most.
struct OneCpu {
    #[cfg(target_os = "linux")]
    before: Option<(libc::cpu_set_t, usize)>,
}

impl OneCpu {
    #[cfg(target_os = "linux")]
    fn pin() -> OneCpu {
        // SAFETY: plain libc calls on this thread (pid 0) with a zeroed, then filled,
        // `cpu_set_t` of the right size.
        unsafe {
            let size = std::mem::size_of::<libc::cpu_set_t>();
            let mut before: libc::cpu_set_t = std::mem::zeroed();
            let cpu = libc::sched_getcpu();
            if cpu < 0 || libc::sched_getaffinity(0, size, &mut before) != 0 {
                return OneCpu { before: None };
            }
            let mut one: libc::cpu_set_t = std::mem::zeroed();
            libc::CPU_SET(cpu as usize, &mut one);
            if libc::sched_setaffinity(0, size, &one) != 0 {
                return OneCpu { before: None };
            }
            OneCpu {
                before: Some((before, cpu as usize)),
            }
        }
    }

    #[cfg(not(target_os = "linux"))]
    fn pin() -> OneCpu {
        OneCpu {}
    }

    fn cpu(&self) -> Option<usize> {
        #[cfg(target_os = "linux")]
        return self.before.as_ref().map(|(_, cpu)| *cpu);
        #[cfg(not(target_os = "linux"))]
        None
    }
}

impl Drop for OneCpu {
    fn drop(&mut self) {
        #[cfg(target_os = "linux")]
        if let Some((before, _)) = &self.before {
            // SAFETY: as above; `before` is what `sched_getaffinity` filled.
            unsafe {
                libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), before);
            }
        }
    }
}

/// Nanoseconds this thread has run on a CPU (Linux: `/proc/thread-self/schedstat`; 0
/// elsewhere).
fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|text| text.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// Plain `reqwest` as a hand-written client would use it, with the runtime's settings:
/// the same crate and features (rustls, HTTP/1.1), connect timeout, per-request timeout,
/// the same four headers, the body read whole and decoded with `serde_json::from_slice`.
///
/// The fourth header is the request id that dixa-client sends with every call
/// (`x-request-id`, a random v4 UUID). It is part of the HTTP exchange, not of the
/// runtime's overhead: reqwest copies a request's headers several times per call and
/// hyper writes them, so one more header costs both sides alike (measured: ~0.5 us of CPU
/// per call here, several times what making the id costs). So the baseline sends it too,
/// made the way the runtime makes it (`correlation.rs`: `fastrand`, no system call).
struct Raw {
    http: reqwest::Client,
    base: String,
    authorization: HeaderValue,
    user_agent: HeaderValue,
    request_id_header: HeaderName,
}

impl Raw {
    fn new(base: &str) -> Raw {
        let mut authorization = HeaderValue::from_static(API_KEY);
        authorization.set_sensitive(true);
        Raw {
            http: reqwest::Client::builder()
                .connect_timeout(Duration::from_secs(10))
                .build()
                .expect("reqwest client"),
            base: base.to_owned(),
            authorization,
            user_agent: HeaderValue::from_static("bench"),
            request_id_header: HeaderName::from_bytes(b"x-request-id").expect("a header name"),
        }
    }

    async fn get<T: DeserializeOwned>(&self, url: &str) -> T {
        use reqwest::header;
        let response = self
            .http
            .get(url)
            .timeout(Duration::from_secs(30))
            .header(header::AUTHORIZATION, self.authorization.clone())
            .header(header::USER_AGENT, self.user_agent.clone())
            .header(header::ACCEPT, HeaderValue::from_static("application/json"))
            .header(self.request_id_header.clone(), request_id())
            .send()
            .await
            .expect("request succeeds");
        assert!(response.status().is_success());
        let body = response.bytes().await.expect("body");
        serde_json::from_slice(&body).expect("decodes")
    }
}

/// A random v4 UUID as a header value, as the runtime makes its request ids.
fn request_id() -> HeaderValue {
    let id = uuid::Builder::from_random_bytes(fastrand::u128(..).to_le_bytes()).into_uuid();
    let mut text = [0u8; uuid::fmt::Hyphenated::LENGTH];
    HeaderValue::from_str(id.hyphenated().encode_lower(&mut text))
        .expect("a UUID is a header value")
}

/// A loopback HTTP/1.1 server answering every request with the same 200 JSON body,
/// keep-alive, one thread per connection.
struct Server {
    addr: SocketAddr,
    connections: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl Server {
    fn start(body: &[u8]) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        let mut response = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        response.extend_from_slice(body);
        let response = std::sync::Arc::new(response);
        let connections = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let count = connections.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                count.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let response = response.clone();
                std::thread::spawn(move || serve(stream, &response));
            }
        });
        Server { addr, connections }
    }

    fn connections(&self) -> usize {
        self.connections.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// Answers each request on one connection until the client closes it. Requests are
/// GETs: headers only, no body to skip.
fn serve(stream: TcpStream, response: &[u8]) {
    let _ = stream.set_nodelay(true);
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(read_half);
    let mut writer = stream;
    let mut line = String::new();
    loop {
        let mut saw_request_line = false;
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) if line == "\r\n" && saw_request_line => break,
                Ok(_) => saw_request_line = true,
            }
        }
        if writer.write_all(response).is_err() {
            return;
        }
    }
}

// ---------------------------------------------------------------------------------------

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e} (run through `cargo xtask bench`, which builds the payloads)",
            path.display()
        )
    })
}

fn parse_args() -> Args {
    let mut args = std::env::args().skip(1);
    let mut parsed = Args {
        payloads: PathBuf::new(),
        out: PathBuf::new(),
        runs: 10,
        requests: 2000,
        only: None,
        profile: None,
        redis: None,
    };
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| panic!("{arg} needs a value"));
        match arg.as_str() {
            "--payloads" => parsed.payloads = PathBuf::from(value()),
            "--out" => parsed.out = PathBuf::from(value()),
            "--runs" => parsed.runs = value().parse().expect("--runs takes a number"),
            "--requests" => parsed.requests = value().parse().expect("--requests takes a number"),
            "--only" => parsed.only = Some(value()),
            "--profile" => parsed.profile = Some(value()),
            "--redis" => parsed.redis = Some(value()),
            // `cargo bench` adds `--bench`.
            "--bench" => {}
            other => panic!("unknown argument {other}"),
        }
    }
    assert!(
        !parsed.payloads.as_os_str().is_empty()
            && (parsed.profile.is_some() || !parsed.out.as_os_str().is_empty()),
        "--payloads and --out are required"
    );
    parsed
}
