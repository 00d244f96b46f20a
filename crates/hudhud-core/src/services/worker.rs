//! The outbox worker on a thread of its own, for the window and the daemon.
//!
//! The worker reads, writes, fsyncs and locks spool files between network
//! steps. On a thread of its own (with its own small runtime) none of that
//! waits on the front end's async threads: the window keeps drawing and the
//! daemon keeps answering signals while a 100 MB message is fsynced.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::thread::JoinHandle;

use tokio::sync::{Notify, mpsc, oneshot};

use crate::outbox::{Event, PasswordSource, run_worker};
use crate::paths::Paths;

/// The worker's thread; it ends once `shutdown` is set and `wake` notified.
pub struct WorkerThread {
    thread: JoinHandle<()>,
    ended: oneshot::Receiver<()>,
}

impl WorkerThread {
    /// Resolves when the worker has stopped (asked to, or it could not
    /// start: the spool cannot be opened).
    pub async fn ended(&mut self) {
        let _ = (&mut self.ended).await;
    }

    /// Waits for the thread (after [`WorkerThread::ended`], at once).
    pub fn join(self) {
        let _ = self.thread.join();
    }
}

/// Starts [`run_worker`] on a thread of its own.
pub fn spawn(
    paths: Paths,
    passwords: PasswordSource,
    events: Option<mpsc::UnboundedSender<Event>>,
    shutdown: Arc<AtomicBool>,
    wake: Arc<Notify>,
) -> std::io::Result<WorkerThread> {
    let (ended_tx, ended) = oneshot::channel();
    let thread = std::thread::Builder::new()
        .name("hudhud-outbox".into())
        .spawn(move || {
            // Dropped when the worker returns (or the runtime cannot be
            // made): `ended` resolves either way.
            let _ended = ended_tx;
            match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Ok(runtime) => {
                    runtime.block_on(run_worker(paths, passwords, events, shutdown, wake))
                }
                Err(e) => tracing::error!("the outbox worker cannot start: {e}"),
            }
        })?;
    Ok(WorkerThread { thread, ended })
}
