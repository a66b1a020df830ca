//! Decode/encode throughput of large bodies and the cost of a call through `dixa-client`.
//! Run by `cargo xtask bench` (which builds the payloads from the description first):
//!
//! ```text
//! wire --payloads DIR --out FILE [--runs N] [--requests N] [--only decode|client]
//! wire --payloads DIR --profile messages|conversations [--runs N]
//! wire --payloads DIR --profile client-get_agent|client-list_agents [--runs N] [--requests N]
//! ```
//!
//! `--profile messages` only decodes that payload into its type, `--runs` times, for a profiler
//! (`perf record -g target/release/deps/wire-* --payloads target/bench/payloads --profile messages`).
//! `--profile client-get_agent` makes the client calls of both sides, each on its own thread
//! (named `dixa` and `reqwest`, so `perf report --sort comm` tells them apart), taking turns,
//! and prints each side's wall and CPU time per call.
//!
//! decode  each large body into its `dixa_client::beta::models` type, into `serde_json::Value`
//!         and into `serde::de::IgnoredAny` (the parse floor), all with
//!         `serde_json::from_slice`, and into the type as the client does (UTF-8 check,
//!         then `from_str`), interleaved run by run; then re-encoding the typed value and
//!         the `Value`.
//! client  `client.agents().get(id)` and `client.agents().list()` against a loopback
//!         HTTP/1.1 server started here, and the same requests made with plain `reqwest`
//!         (the runtime's own `reqwest`, same settings) with the same decoding.
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
}

fn main() {
    let args = parse_args();
    match args.profile.as_deref() {
        Some("messages") => return profile::<models::ListMessagesOutput>(&args, "messages"),
        Some("conversations") => {
            return profile::<models::ListEndUserConversationsOutput>(&args, "conversations");
        }
        Some(client) if client.starts_with("client-") => {
            return profile_client(&args, &client["client-".len()..]);
        }
        Some(other) => {
            panic!("--profile takes messages, conversations or client-OP, not {other}")
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

fn client_bench(args: &Args, results: &mut Results) {
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
            // Warm-up: a shorter round; then alternate so drift hits both alike.
            let n = if run == 0 {
                args.requests / 5
            } else {
                args.requests
            };
            let dixa_time = runtime.block_on(sides.run(op, Side::Dixa, n));
            let raw_time = runtime.block_on(sides.run(op, Side::Reqwest, n));
            if run > 0 {
                samples[0].push(dixa_time.as_secs_f64());
                samples[1].push(raw_time.as_secs_f64());
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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    Dixa,
    Reqwest,
}

/// The two clients of one operation's round, talking to the same server.
struct Sides {
    dixa: dixa_client::Client,
    raw: Raw,
    agent_id: uuid::Uuid,
}

impl Sides {
    fn new(server: SocketAddr) -> Sides {
        let base = format!("http://{server}");
        Sides {
            dixa: dixa_client::Client::builder(API_KEY)
                .base_url(&base)
                .build()
                .expect("client builds"),
            raw: Raw::new(&base),
            agent_id: AGENT_ID.parse().expect("a UUID"),
        }
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

/// `--profile client-OP` (`client-get_agent`, `client-list_agents`): both sides, each on
/// its own thread with its own runtime (so a profiler tells them apart by thread), taking
/// turns in blocks of 50 calls (so both see the same machine), `--requests` calls each per
/// run. Prints each side's wall time and the CPU time of its thread per call.
fn profile_client(args: &Args, op: &str) {
    use std::sync::mpsc;
    let file = match op {
        "get_agent" => "agent.json",
        "list_agents" => "agents.json",
        other => panic!("--profile client-OP: OP is get_agent or list_agents, not {other}"),
    };
    const BLOCK: usize = 50;
    let server = Server::start(&read(&args.payloads.join(file)));
    let addr = server.addr;
    // Each worker: told how many calls to make, answers with (wall, CPU) nanoseconds.
    let workers = [Side::Dixa, Side::Reqwest].map(|side| {
        let (go, calls) = mpsc::channel::<usize>();
        let (report, done) = mpsc::channel::<(u128, u64)>();
        let op = op.to_owned();
        std::thread::Builder::new()
            .name(format!("{side:?}").to_lowercase())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("a tokio runtime");
                let sides = Sides::new(addr);
                for n in calls {
                    let cpu = thread_cpu_ns().unwrap_or(0);
                    let wall = runtime.block_on(sides.run(&op, side, n));
                    let cpu = thread_cpu_ns().unwrap_or(0) - cpu;
                    report
                        .send((wall.as_nanos(), cpu))
                        .expect("main thread waits");
                }
            })
            .expect("a thread");
        (side, go, done)
    });
    for run in 0..=args.runs {
        let mut totals = [(0u128, 0u64); 2];
        let n = if run == 0 {
            args.requests / 5
        } else {
            args.requests
        };
        for block in 0..n.div_ceil(BLOCK) {
            for i in 0..2 {
                // ABBA: neither side always goes first.
                let i = if block % 2 == 0 { i } else { 1 - i };
                let (_, go, done) = &workers[i];
                go.send(BLOCK.min(n - block * BLOCK)).expect("worker runs");
                let (wall, cpu) = done.recv().expect("worker answers");
                totals[i].0 += wall;
                totals[i].1 += cpu;
            }
        }
        if run == 0 {
            continue;
        }
        let per_call = |ns: f64| ns / n as f64 / 1e3;
        for ((side, _, _), (wall, cpu)) in workers.iter().zip(totals) {
            println!(
                "{op} {side:?}: {:.1} us/call wall, {:.1} us/call CPU of its thread",
                per_call(wall as f64),
                per_call(cpu as f64)
            );
        }
    }
}

/// Nanoseconds this thread has run on a CPU (Linux: `/proc/thread-self/schedstat`).
fn thread_cpu_ns() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

/// Plain `reqwest` as a hand-written client would use it, with the runtime's settings:
/// the same crate and features (rustls, HTTP/1.1), connect timeout, per-request timeout,
/// the same three headers, the body read whole and decoded with `serde_json::from_slice`.
struct Raw {
    http: reqwest::Client,
    base: String,
    authorization: reqwest::header::HeaderValue,
    user_agent: reqwest::header::HeaderValue,
}

impl Raw {
    fn new(base: &str) -> Raw {
        let mut authorization = reqwest::header::HeaderValue::from_static(API_KEY);
        authorization.set_sensitive(true);
        Raw {
            http: reqwest::Client::builder()
                .connect_timeout(Duration::from_secs(10))
                .build()
                .expect("reqwest client"),
            base: base.to_owned(),
            authorization,
            user_agent: reqwest::header::HeaderValue::from_static("bench"),
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
            .header(
                header::ACCEPT,
                header::HeaderValue::from_static("application/json"),
            )
            .send()
            .await
            .expect("request succeeds");
        assert!(response.status().is_success());
        let body = response.bytes().await.expect("body");
        serde_json::from_slice(&body).expect("decodes")
    }
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
