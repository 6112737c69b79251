//! A process's resident memory, read from Linux's `/proc/<pid>/status` (`VmRSS`).

use anyhow::Context;

/// The resident set size of process `pid`, in bytes.
pub fn resident_bytes(pid: u32) -> anyhow::Result<u64> {
    let status =
        std::fs::read_to_string(format!("/proc/{pid}/status")).with_context(|| format!("reading /proc/{pid}"))?;
    vm_rss(&status).context("no VmRSS line")
}

/// `VmRSS:   123456 kB` → bytes.
fn vm_rss(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_vm_rss() {
        assert_eq!(vm_rss("Name:\tcharla\nVmRSS:\t   2048 kB\nThreads: 4\n"), Some(2_097_152));
        assert_eq!(vm_rss("Name:\tcharla\n"), None);
        assert!(resident_bytes(std::process::id()).is_ok_and(|b| b > 0));
    }
}
