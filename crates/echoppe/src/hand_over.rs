//! Replacing a running `echoppe serve` on one machine without a failed
//! request (`echoppe serve --take-over`).
//!
//! Every server keeps a control socket, `serve.sock`, in its data directory.
//! A new server started with `--take-over` connects to it and is handed the
//! running server's listening socket itself (`SCM_RIGHTS`): not a second
//! socket bound beside it with `SO_REUSEPORT`, because closing one of those
//! resets the connections still waiting in its own queue. With one socket
//! shared, both processes accept from the same queue while the new one
//! opens its stores and warms; when it is ready it says so, and only then
//! does the old one stop accepting, finish its requests and exit. Nothing
//! waiting in the queue is lost, since the socket never closes.
//!
//! If the new server fails before it is ready (a wrong setting, a database
//! it cannot open), its end of the control socket closes and the old one
//! simply keeps serving.

use rustix::net::{
    RecvAncillaryBuffer, RecvAncillaryMessage, RecvFlags, SendAncillaryBuffer, SendAncillaryMessage, SendFlags,
};
use std::io::{BufRead as _, BufReader, IoSlice, IoSliceMut, Write as _};
use std::mem::MaybeUninit;
use std::os::fd::{AsFd as _, OwnedFd};
use std::os::unix::fs::MetadataExt as _;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{oneshot, watch};

/// The control socket's name in the data directory.
const SOCKET_NAME: &str = "serve.sock";
/// What a successor asks, and what it says once ready.
const ASK: &str = "take-over\n";
const READY: &str = "ready\n";
/// How long a successor waits for the running server to hand its socket over.
const HAND_OVER_WITHIN: Duration = Duration::from_secs(10);

/// Why the socket could not be handed over.
#[derive(Debug, thiserror::Error)]
pub enum HandOverError {
    #[error(
        "another echoppe serve is running on the data directory {0} (its control socket answers); \
         start this one with --take-over to replace it without a failed request"
    )]
    AlreadyServing(PathBuf),
    #[error("the control socket {path} cannot be used: {source}")]
    Socket {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the running server at {path} did not hand its listening socket over: {why}")]
    Refused { path: PathBuf, why: String },
    #[error(
        "--take-over keeps the running server's address {kept}; --bind {asked} differs \
         (stop that server to listen elsewhere)"
    )]
    OtherAddress { kept: std::net::SocketAddr, asked: std::net::SocketAddr },
}

fn socket_path(data: &Path) -> PathBuf {
    data.join(SOCKET_NAME)
}

/// Fails if a server already answers on `data`'s control socket, and
/// removes the socket a server that died left behind.
pub fn check_alone(data: &Path) -> Result<(), HandOverError> {
    let path = socket_path(data);
    if !path.exists() {
        return Ok(());
    }
    if UnixStream::connect(&path).is_ok() {
        return Err(HandOverError::AlreadyServing(data.to_path_buf()));
    }
    std::fs::remove_file(&path).map_err(|source| HandOverError::Socket { path, source })
}

/// A running server's listening socket, received from it, and the line back
/// to it to say when to leave.
#[derive(Debug)]
pub struct Successor {
    pub listener: std::net::TcpListener,
    pub previous_pid: String,
    control: UnixStream,
}

/// Asks the server running on `data` for its listening socket. `None`: no
/// server runs there, so this one starts as usual.
pub fn take_over(data: &Path) -> Result<Option<Successor>, HandOverError> {
    let path = socket_path(data);
    let control = match UnixStream::connect(&path) {
        Ok(control) => control,
        Err(error) if matches!(error.kind(), std::io::ErrorKind::NotFound | std::io::ErrorKind::ConnectionRefused) => {
            tracing::info!(data = %data.display(), "--take-over: no server runs on this data directory; starting as usual");
            return Ok(None);
        }
        Err(source) => return Err(HandOverError::Socket { path, source }),
    };
    let refused = |why: String| HandOverError::Refused { path: path.clone(), why };
    let socket_error = |source| HandOverError::Socket { path: path.clone(), source };
    control.set_read_timeout(Some(HAND_OVER_WITHIN)).map_err(socket_error)?;
    (&control).write_all(ASK.as_bytes()).map_err(socket_error)?;
    let mut message = [0u8; 64];
    let mut space = [MaybeUninit::uninit(); rustix::cmsg_space!(ScmRights(1))];
    let mut ancillary = RecvAncillaryBuffer::new(&mut space);
    let received =
        rustix::net::recvmsg(&control, &mut [IoSliceMut::new(&mut message)], &mut ancillary, RecvFlags::CMSG_CLOEXEC)
            .map_err(|error| refused(error.to_string()))?;
    let mut sockets: Vec<OwnedFd> = Vec::new();
    for part in ancillary.drain() {
        if let RecvAncillaryMessage::ScmRights(fds) = part {
            sockets.extend(fds);
        }
    }
    let text = String::from_utf8_lossy(&message[..received.bytes.min(message.len())]).into_owned();
    let (Some(socket), Some(pid)) = (sockets.pop(), text.trim().strip_prefix("pid ")) else {
        return Err(refused(if text.trim().is_empty() { "it closed the connection".to_owned() } else { text }));
    };
    control.set_read_timeout(None).map_err(socket_error)?;
    Ok(Some(Successor { listener: std::net::TcpListener::from(socket), previous_pid: pid.to_owned(), control }))
}

impl Successor {
    /// Takes the control socket over, then tells the previous server to
    /// drain and exit: from now on this server is the one a later
    /// `--take-over` finds.
    pub fn ready(self, data: &Path, socket: OwnedFd) -> Result<ControlPoint, HandOverError> {
        // Bound beside, then renamed over the old one's: there is never a
        // moment without a control socket at the path.
        let path = socket_path(data);
        let beside = data.join(format!("{SOCKET_NAME}.{}", std::process::id()));
        let _ = std::fs::remove_file(&beside);
        let point = ControlPoint::bind(&beside, socket)?;
        std::fs::rename(&beside, &path).map_err(|source| HandOverError::Socket { path: path.clone(), source })?;
        let point = ControlPoint { file: SocketFile { path, inode: point.file.inode }, ..point };
        if let Err(error) = (&self.control).write_all(READY.as_bytes()) {
            // It is gone already (stopped meanwhile): nothing to tell.
            tracing::warn!(%error, pid = %self.previous_pid, "the previous server could not be told to leave");
        }
        tracing::info!(pid = %self.previous_pid, "taken over: the previous server drains and exits");
        Ok(point)
    }
}

/// This server's control socket: where a successor asks for the listening
/// socket.
#[derive(Debug)]
pub struct ControlPoint {
    file: SocketFile,
    listener: UnixListener,
    socket: OwnedFd,
}

/// The control socket's file, removed when the server exits unless a
/// successor's has replaced it.
#[derive(Debug)]
pub struct SocketFile {
    path: PathBuf,
    /// The file's identity when it was bound.
    inode: (u64, u64),
}

impl ControlPoint {
    /// Listens on `data`'s control socket (after [`check_alone`]), to hand
    /// `socket` (the listening one) to a successor.
    pub fn open(data: &Path, socket: OwnedFd) -> Result<Self, HandOverError> {
        Self::bind(&socket_path(data), socket)
    }

    fn bind(path: &Path, socket: OwnedFd) -> Result<Self, HandOverError> {
        let fail = |source| HandOverError::Socket { path: path.to_path_buf(), source };
        let control = UnixListener::bind(path).map_err(fail)?;
        let meta = std::fs::metadata(path).map_err(fail)?;
        let file = SocketFile { path: path.to_path_buf(), inode: (meta.dev(), meta.ino()) };
        Ok(Self { file, listener: control, socket })
    }

    /// Answers successors until one is ready (the receiver completes then)
    /// or until `leaving` turns true. Each exchange runs on a thread of its
    /// own: a few blocking calls once per deploy. Keep the file until the
    /// server exits.
    ///
    /// The point holds a second handle on the listening socket, so it must
    /// let go of it when the server stops accepting: the kernel would
    /// otherwise keep the port listening and queue connections that nobody
    /// accepts.
    pub fn serve(self, mut leaving: watch::Receiver<bool>) -> (oneshot::Receiver<()>, SocketFile) {
        let Self { file, listener, socket } = self;
        let (handed, receiver) = oneshot::channel();
        let listener = match listener.set_nonblocking(true).and_then(|()| tokio::net::UnixListener::from_std(listener))
        {
            Ok(listener) => listener,
            Err(error) => {
                tracing::error!(%error, "cannot answer take-overs: the control socket cannot be watched");
                return (receiver, file);
            }
        };
        let socket = Arc::new(socket);
        tokio::spawn(async move {
            loop {
                let control = tokio::select! {
                    accepted = listener.accept() => match accepted.and_then(|(control, _)| control.into_std()) {
                        Ok(control) => control,
                        Err(error) => {
                            tracing::warn!(%error, "a connection to the control socket failed");
                            continue;
                        }
                    },
                    _ = leaving.wait_for(|left| *left) => return,
                };
                let (done, outcome) = oneshot::channel();
                let socket = Arc::clone(&socket);
                let exchange = std::thread::Builder::new().name("echoppe-hand-over".to_owned()).spawn(move || {
                    let _ = done.send(control.set_nonblocking(false).and_then(|()| hand_to(&socket, &control)));
                });
                if let Err(error) = exchange {
                    tracing::error!(%error, "cannot answer a take-over: no thread");
                    continue;
                }
                // Leaving meanwhile: the exchange keeps its own handle on
                // the socket, which the successor shares anyway.
                let outcome = tokio::select! {
                    outcome = outcome => outcome,
                    _ = leaving.wait_for(|left| *left) => return,
                };
                match outcome {
                    Ok(Ok(Some(true))) => {
                        let _ = handed.send(());
                        return;
                    }
                    Ok(Ok(Some(false))) => {
                        tracing::warn!("the new server stopped before it was ready; this one keeps serving");
                    }
                    // A server checking whether this one runs (`check_alone`).
                    Ok(Ok(None)) => {}
                    Ok(Err(error)) => tracing::warn!(%error, "a take-over failed; this one keeps serving"),
                    Err(_) => tracing::warn!("a take-over's exchange ended without a word; this one keeps serving"),
                }
            }
        });
        (receiver, file)
    }
}

/// Hands the listening `socket` to one successor: `Some(true)` once it is
/// ready, `Some(false)` if it gave up first, `None` if it asked for nothing.
fn hand_to(socket: &OwnedFd, control: &UnixStream) -> std::io::Result<Option<bool>> {
    let mut lines = BufReader::new(control);
    let mut asked = String::new();
    lines.read_line(&mut asked)?;
    if asked != ASK {
        return Ok(None);
    }
    let pid = format!("pid {}\n", std::process::id());
    let sockets = [socket.as_fd()];
    let mut space = [MaybeUninit::uninit(); rustix::cmsg_space!(ScmRights(1))];
    let mut ancillary = SendAncillaryBuffer::new(&mut space);
    ancillary.push(SendAncillaryMessage::ScmRights(&sockets));
    rustix::net::sendmsg(control, &[IoSlice::new(pid.as_bytes())], &mut ancillary, SendFlags::empty())?;
    tracing::info!("listening socket handed to a new server; waiting for it to be ready");
    // As long as the successor warms: it says `ready`, or closes on failure.
    let mut said = String::new();
    lines.read_line(&mut said)?;
    Ok(Some(said == READY))
}

impl Drop for SocketFile {
    fn drop(&mut self) {
        // After a take-over the path names the successor's socket: leave it.
        let ours = std::fs::metadata(&self.path).is_ok_and(|meta| (meta.dev(), meta.ino()) == self.inode);
        if ours {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Refuses an inherited socket listening elsewhere than `--bind` asked
/// (port 0 asks for nothing in particular).
pub fn check_address(kept: std::net::SocketAddr, asked: std::net::SocketAddr) -> Result<(), HandOverError> {
    if asked.port() == 0 || asked == kept { Ok(()) } else { Err(HandOverError::OtherAddress { kept, asked }) }
}
