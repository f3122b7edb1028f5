//! The real binary as a process of its own: for what an in-process server
//! cannot show — a listening socket handed from one process to another, a
//! node killed with SIGKILL.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// An `echoppe serve` process; killed if the test ends first.
pub(crate) struct ServeProcess {
    child: Child,
    pub(crate) address: String,
    log: PathBuf,
}

/// A port free now, for a server started with it right after.
pub(crate) fn free_port() -> SocketAddr {
    let socket = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    socket.local_addr().unwrap()
}

impl ServeProcess {
    /// Starts `echoppe serve` on `data` and `bind` with `args` after them;
    /// its log goes to `log` (shown when a test fails on it).
    pub(crate) fn start(data: &Path, bind: SocketAddr, args: &[&str], log: &Path) -> Self {
        let file = std::fs::File::create(log).unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_echoppe"))
            .arg("serve")
            .arg("--data")
            .arg(data)
            .args(["--bind", &bind.to_string()])
            .args(args)
            .env_remove("ECHOPPE_CONFIG")
            .env("ECHOPPE_LOG", "info,sqlx=warn")
            // A crowd from one address, paying at once.
            .env("ECHOPPE_CLIENT_RATE", "0")
            .env("ECHOPPE_PAYMENT_LATENCY_MS", "0")
            .env("ECHOPPE_PAYMENT_FAILURE_RATE", "0")
            .env("ECHOPPE_SHUTDOWN_GRACE", "10")
            .stdout(Stdio::null())
            .stderr(file)
            .spawn()
            .unwrap();
        Self { child, address: format!("http://{bind}"), log: log.to_path_buf() }
    }

    /// What the process logged so far.
    pub(crate) fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Waits until `/readyz` says ready (at most `limit`).
    pub(crate) async fn ready(&mut self, limit: Duration) {
        let client = reqwest::Client::new();
        let started = Instant::now();
        loop {
            if let Ok(answer) = client.get(format!("{}/readyz", self.address)).send().await
                && answer.status().is_success()
            {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("the server exited ({status}) before it was ready:\n{}", self.log());
            }
            assert!(started.elapsed() < limit, "not ready within {limit:?}:\n{}", self.log());
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits for the process to exit on its own (at most `limit`).
    pub(crate) async fn exited(&mut self, limit: Duration) -> ExitStatus {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(started.elapsed() < limit, "still running after {limit:?}:\n{}", self.log());
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// SIGKILL: no drain, no last flush, as a crashed machine.
    pub(crate) fn kill(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
