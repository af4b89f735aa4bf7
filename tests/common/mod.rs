//! What the tests that run the real binary share.
#![allow(dead_code)]

/// The outcome of one run of the binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// The run of `loclint args`; a panic in it fails the test whatever else is asserted.
pub fn finish(out: std::process::Output, args: &[&str]) -> Run {
    let run = Run {
        code: out.status.code().expect("exited, not killed by a signal"),
        stdout: String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "loclint {args:?} panicked:\n{}",
        run.stderr
    );
    run
}
