use clap::Parser;
use std::process::ExitCode;

// Parsing thousands of files in parallel allocates many small vectors; mimalloc's
// thread-local free lists make that markedly cheaper than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // mimalloc backs its arenas with transparent huge pages where the kernel allows them:
    // each first touch then zeroes 2 MiB, which doubled the resident memory and the system
    // time of a run over many small files. Base pages are enough for this workload.
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes integer arguments and changes no memory.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    // SAFETY: sets an integer option; mimalloc reads it whenever it considers purging.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) };
    loclint::engine::install_panic_hook();
    loclint::cli::run(loclint::cli::Cli::parse())
}

// mimalloc gives freed pages back to the system only after a delay (1 s by default). A run
// frees on one thread what another allocated (a file's findings are found by a worker and
// written by the writer), and those pages are not reused by the other threads meanwhile:
// with a delay of 1 ms the peak memory over ten locales went from 35 to 27 MB, at the same
// time (docs/performance.md).
const PURGE_DELAY_MS: std::ffi::c_long = 1;

/// `mi_option_purge_delay` in mimalloc 3's `mi_option_t` (include/mimalloc.h).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

unsafe extern "C" {
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
    #[cfg(test)]
    fn mi_option_get(option: std::ffi::c_int) -> std::ffi::c_long;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_option_set_is_mimallocs_purge_delay() {
        // Option 15 is the purge delay, whose default is 1,000 ms (its neighbours, 14 and
        // 16, default to 1 and 0): a mimalloc whose options were renumbered fails here.
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(unsafe { mi_option_get(MI_OPTION_PURGE_DELAY) }, 1000);
        }
        unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) };
        assert_eq!(
            unsafe { mi_option_get(MI_OPTION_PURGE_DELAY) },
            PURGE_DELAY_MS
        );
    }
}
