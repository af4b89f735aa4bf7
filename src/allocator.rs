//! The allocator's one setting that changes with the phase of a run: how long mimalloc
//! keeps freed pages before giving them back to the system (its purge delay).
//!
//! Checking files wants them given back at once: a file's findings are freed by the thread
//! that writes them, not the one that found them, and pages kept meanwhile are not reused
//! by the others (with a delay of 1 ms the peak memory over ten locales went from 35 to
//! 27 MB, at the same time; docs/performance.md). Learning a locale's terminology wants the
//! opposite: it frees and reallocates tens of megabytes of vectors stage after stage, and
//! pages given back are faulted in and zeroed again (with 1,000 ms instead of 1 ms while it
//! learns, a `check --learn` of ko-KR takes a quarter fewer page faults, 41,800 → 31,000,
//! and about 7 % less CPU).
//!
//! The option is set in mimalloc whether or not it is the global allocator (it is in the
//! `loclint` binary); elsewhere, as in the library's tests, setting it changes nothing.

use std::ffi::{c_int, c_long};
// Linked for its `mi_option_*` functions, whichever allocator is the global one.
use mimalloc as _;

/// The purge delay while files are checked.
pub const CHECKING_PURGE_DELAY_MS: c_long = 1;
/// The purge delay while terminology is learned (mimalloc's default).
pub const LEARNING_PURGE_DELAY_MS: c_long = 1000;

/// `mi_option_purge_delay` in mimalloc 3's `mi_option_t` (include/mimalloc.h).
const MI_OPTION_PURGE_DELAY: c_int = 15;

unsafe extern "C" {
    fn mi_option_set(option: c_int, value: c_long);
    fn mi_option_get(option: c_int) -> c_long;
}

/// Sets how long freed pages are kept before they are given back to the system.
pub fn set_purge_delay(ms: c_long) {
    // SAFETY: sets an integer option; mimalloc reads it whenever it considers purging.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, ms) };
}

/// The purge delay in force.
pub fn purge_delay() -> c_long {
    // SAFETY: reads an integer option.
    unsafe { mi_option_get(MI_OPTION_PURGE_DELAY) }
}

/// Keeps freed pages for [`LEARNING_PURGE_DELAY_MS`] while it lives, then puts back the
/// delay it found. Nested or concurrent holders each put back what they found, so the
/// learning phase of one run is the place for it, not code that runs on many threads.
pub struct KeepFreedPages {
    previous: c_long,
}

impl KeepFreedPages {
    pub fn hold() -> KeepFreedPages {
        let previous = purge_delay();
        // A negative delay never gives pages back: nothing to lengthen.
        if previous >= 0 {
            set_purge_delay(LEARNING_PURGE_DELAY_MS.max(previous));
        }
        KeepFreedPages { previous }
    }
}

impl Drop for KeepFreedPages {
    fn drop(&mut self) {
        set_purge_delay(self.previous);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_option_set_is_mimallocs_purge_delay_and_learning_puts_it_back() {
        // Option 15 is the purge delay, whose default is 1,000 ms (its neighbours, 14 and
        // 16, default to 1 and 0): a mimalloc whose options were renumbered fails here.
        // This is the only test in this binary that sets it.
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(purge_delay(), 1000);
        }
        set_purge_delay(CHECKING_PURGE_DELAY_MS);
        assert_eq!(purge_delay(), CHECKING_PURGE_DELAY_MS);
        {
            let _keep = KeepFreedPages::hold();
            assert_eq!(purge_delay(), LEARNING_PURGE_DELAY_MS);
        }
        assert_eq!(purge_delay(), CHECKING_PURGE_DELAY_MS);
        // Never giving pages back stays so while learning.
        set_purge_delay(-1);
        {
            let _keep = KeepFreedPages::hold();
            assert_eq!(purge_delay(), -1);
        }
        assert_eq!(purge_delay(), -1);
        set_purge_delay(CHECKING_PURGE_DELAY_MS);
    }
}
