//! The Redis behind the shared rate limiter's tests in `cargo xtask test`: a
//! `redis-server` from the machine's packages (CI's `.ci/run` installs it), started on a
//! free loopback port without persistence, and stopped by its PID when the tests are done
//! (on drop too, so an error or a panic stops it).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::Error;
use crate::child::{OwnedChild, free_loopback_port};

/// The URL the tests read (`redis://127.0.0.1:<port>/`); set by the caller, no server is
/// started.
pub const URL_VAR: &str = "DIXA_TEST_REDIS_URL";
/// The `redis-server` program, for the test that stops and restarts a Redis of its own.
pub const SERVER_VAR: &str = "DIXA_TEST_REDIS_SERVER";
/// Set instead of [`URL_VAR`] when there is no `redis-server` outside CI: the reason.
pub const SKIP_VAR: &str = "DIXA_REDIS_SKIP";
const START_TIMEOUT: Duration = Duration::from_secs(10);

/// `redis-server` on the `PATH`, or why there is none.
pub fn find_server() -> Result<PathBuf, String> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join("redis-server"))
        .find(|candidate| candidate.is_file())
        .ok_or_else(|| {
            "no redis-server on the PATH (Debian: `apt-get install redis-server`)".to_owned()
        })
}

/// A `redis-server` started here.
pub struct RunningRedis {
    child: OwnedChild,
    url: String,
}

impl RunningRedis {
    /// Starts `program` on a free loopback port, keeping nothing on disk, and waits until
    /// it answers `PING`.
    pub fn start(program: &Path) -> Result<RunningRedis, Error> {
        let port = free_loopback_port()?;
        let child = Command::new(program)
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| Error::other(format!("cannot start {}: {e}", program.display())))?;
        let mut redis = RunningRedis {
            child: OwnedChild::new(child),
            url: format!("redis://127.0.0.1:{port}/"),
        };
        let started = Instant::now();
        while !answers_ping(port) {
            if let Ok(Some(status)) = redis.child.try_wait() {
                return Err(Error::other(format!(
                    "redis-server exited ({status}) before answering"
                )));
            }
            if started.elapsed() > START_TIMEOUT {
                return Err(Error::other(format!(
                    "redis-server did not answer on port {port} within {START_TIMEOUT:?}"
                )));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(redis)
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Stops the process (by its PID) and waits for it.
    pub fn stop(self) {
        drop(self);
    }
}

fn answers_ping(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
    let mut answer = [0u8; 5];
    stream.write_all(b"PING\r\n").is_ok()
        && stream.read_exact(&mut answer).is_ok()
        && &answer == b"+PONG"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_program_that_is_not_redis_is_reported() {
        let err = RunningRedis::start(Path::new("/bin/true")).err().unwrap();
        assert!(err.to_string().contains("exited"), "{err}");
    }
}
