//! A server process the xtask started (Prism, Redis): stopped by its PID and waited for
//! when it is dropped, so no test run leaves one behind, also when the tests fail.

use crate::Error;
use std::net::TcpListener;
use std::ops::{Deref, DerefMut};
use std::process::Child;

/// A child process that is killed and reaped when dropped.
#[derive(Debug)]
pub struct OwnedChild(Child);

impl OwnedChild {
    pub fn new(child: Child) -> OwnedChild {
        OwnedChild(child)
    }
}

impl Deref for OwnedChild {
    type Target = Child;

    fn deref(&self) -> &Child {
        &self.0
    }
}

impl DerefMut for OwnedChild {
    fn deref_mut(&mut self) -> &mut Child {
        &mut self.0
    }
}

impl Drop for OwnedChild {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            let _ = self.0.kill();
        }
        let _ = self.0.wait();
    }
}

/// A port that was free a moment ago on 127.0.0.1.
pub fn free_loopback_port() -> Result<u16, Error> {
    let listener = TcpListener::bind(("127.0.0.1", 0))
        .map_err(|e| Error::other(format!("cannot find a free loopback port: {e}")))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| Error::other(format!("cannot find a free loopback port: {e}")))
}
