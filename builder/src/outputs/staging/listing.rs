//! What the staging folder and the previous output hold, found by threads started with
//! the staging folder while the site is loaded and built: from the spare's mark when it
//! holds ([`super::mirror`]), else by walking 300,000 files. Neither folder changes under
//! a walk in a way that matters: the previous output is never written to, and a file the
//! build puts into the spare meanwhile is one it produces, which the prune leaves alone
//! whether the walk saw it or not. The mark's check reads the spare's folders, which a
//! write would change, so writes wait for it ([`publish::checked`]).

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::thread::{self, JoinHandle};

use super::mirror::{self, Mirror};
use crate::error::BuildError;
use crate::outputs::publish;

/// A thread's result, joined once, when first wanted.
pub struct Later<T> {
    thread: Mutex<Option<JoinHandle<Result<T, BuildError>>>>,
    value: OnceLock<T>,
}

impl<T: Send + 'static> Later<T> {
    /// Runs `work` on a thread of its own; nothing when `wanted` is false.
    pub fn start(
        wanted: bool,
        work: impl FnOnce() -> Result<T, BuildError> + Send + 'static,
    ) -> Self {
        Later {
            thread: Mutex::new(wanted.then(|| thread::spawn(work))),
            value: OnceLock::new(),
        }
    }

    /// The result, once the thread is over; `None` when nothing was started.
    pub fn get(&self) -> Result<Option<&T>, BuildError> {
        let thread = self.thread.lock().ok().and_then(|mut t| t.take());
        if let Some(thread) = thread {
            let value = thread.join().unwrap_or_else(|_| {
                Err(BuildError::Refused(
                    "listing a folder's files failed".into(),
                ))
            })?;
            let _ = self.value.set(value);
        }
        Ok(self.value.get())
    }
}

/// The spare taken as the staging folder, as its listing found it.
pub struct Spare {
    pub files: Vec<PathBuf>,
    /// What its mark said, when that held for the spare.
    pub mirror: Option<Mirror>,
    /// The previous output's files, when they were walked here: the mark named the output
    /// (so no walk of it was started with the staging folder) but did not hold for it.
    pub previous: Option<Vec<PathBuf>>,
}

impl Spare {
    /// Whether the mark held for the output too: the spare's files are the output's.
    pub fn mirrors(&self) -> bool {
        self.mirror.as_ref().is_some_and(|m| m.output_holds)
    }
}

/// Lists the spare taken as the staging folder `tmp`, with the mark taken from it (see
/// [`mirror::take`]) when there was one that named the output `out`: from the mark when
/// it holds, else by a walk. Writes into `tmp` wait until the mark is checked.
pub fn spare(
    tmp: PathBuf,
    out: PathBuf,
    mark: Option<(Vec<u8>, fs::Metadata)>,
) -> Result<Spare, BuildError> {
    let gate = Gate(&tmp);
    let checked = (mark.as_ref()).and_then(|(held, meta)| mirror::check(held, meta, &tmp, &out));
    let named = mark.is_some();
    drop(mark);
    let Some(mut mirror) = checked else {
        drop(gate);
        let previous = named.then(|| thread::spawn(move || publish::files(&out)));
        let files = publish::list_staging(&tmp)?;
        let previous = match previous.map(JoinHandle::join) {
            Some(Ok(listed)) => Some(listed?),
            Some(Err(_)) => {
                return Err(BuildError::Refused(
                    "listing a folder's files failed".into(),
                ))
            }
            None => None,
        };
        return Ok(Spare {
            files,
            mirror: None,
            previous,
        });
    };
    let files = std::mem::take(&mut mirror.files);
    let files = publish::list_mirrored(&tmp, files, mirror.output_holds);
    drop(gate);
    let previous = match mirror.output_holds {
        true => None,
        false => Some(publish::files(&out)?),
    };
    Ok(Spare {
        files,
        mirror: Some(mirror),
        previous,
    })
}

/// Lets writes into the staging folder go on when dropped, however the check ended.
struct Gate<'a>(&'a Path);

impl Drop for Gate<'_> {
    fn drop(&mut self) {
        publish::checked(self.0);
    }
}
