//! Peak memory of one call with a very large answer (issue 12, item 1).
//!
//! ```sh
//! cargo build -p dixa-client --example peak_memory
//! target/debug/examples/peak_memory serve 200 chunked &   # prints its URL
//! /usr/bin/time -v target/debug/examples/peak_memory call URL [MAX_BODY_MIB]
//! ```
//!
//! `serve MIB chunked|length` answers every request with a valid `ListTagsOutput` of about
//! MIB MiB, streamed as it is written (so the server's own memory stays small), with
//! `Transfer-Encoding: chunked` or an exact `Content-Length`. `call` makes one call with the
//! default limit (or `MAX_BODY_MIB`) and prints the outcome; `/usr/bin/time -v` reports its
//! "Maximum resident set size".

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

use dixa_client::runtime::{Method, Operation};
use dixa_client::{Client, models};

static LIST_TAGS: Operation = Operation::new("getTags", Method::Get, "/beta/tags");

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["serve", mib, framing] => serve(mib.parse().expect("MIB"), framing == "chunked"),
        ["call", url] => call(url, None),
        ["call", url, max] => call(url, Some(max.parse().expect("MAX_BODY_MIB"))),
        _ => eprintln!("usage: peak_memory serve MIB chunked|length | call URL [MAX_BODY_MIB]"),
    }
}

fn tag(i: usize) -> String {
    format!(
        r##"{{"id":"{:08x}-0000-4000-8000-000000000000","name":"tag number {i} of the big list","color":"#a0b0c0","state":"Active"}}"##,
        i as u32
    )
}

fn serve(mib: usize, chunked: bool) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    println!("http://{}", listener.local_addr().unwrap());
    let per_tag = tag(0).len() + 1;
    let count = mib * 1024 * 1024 / per_tag;
    let length: usize =
        r#"{"data":[]}"#.len() + (0..count).map(|i| tag(i).len()).sum::<usize>() + count - 1;
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
            line.clear();
        }
        let framing = if chunked {
            "Transfer-Encoding: chunked".to_owned()
        } else {
            format!("Content-Length: {length}")
        };
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{framing}\r\nConnection: close\r\n\r\n"
        );
        let _ = stream.write_all(head.as_bytes());
        let mut send = |text: &str| -> std::io::Result<()> {
            if chunked {
                write!(stream, "{:x}\r\n{text}\r\n", text.len())
            } else {
                stream.write_all(text.as_bytes())
            }
        };
        let mut piece = String::from(r#"{"data":["#);
        let mut ok = true;
        for i in 0..count {
            if i > 0 {
                piece.push(',');
            }
            piece.push_str(&tag(i));
            if piece.len() > 64 * 1024 {
                ok = send(&piece).is_ok();
                piece.clear();
                if !ok {
                    break;
                }
            }
        }
        if ok {
            piece.push_str("]}");
            let _ = send(&piece);
            if chunked {
                let _ = send("");
            }
        }
    }
}

#[tokio::main(flavor = "current_thread")]
async fn call(url: &str, max_body_mib: Option<usize>) {
    let mut builder = Client::builder("peak-memory-key")
        .base_url(url)
        .timeout(std::time::Duration::from_secs(300))
        .no_retries();
    if let Some(mib) = max_body_mib {
        builder = builder.max_body_size(mib * 1024 * 1024);
    }
    let client = builder.build().unwrap();
    match client
        .request(&LIST_TAGS)
        .send_json::<models::ListTagsOutput>()
        .await
    {
        Ok(out) => println!("decoded {} tags", out.data.map_or(0, |d| d.len())),
        Err(e) => println!("error: {e}"),
    }
}
