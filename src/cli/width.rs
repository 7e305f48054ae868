//! The width a terminal's tables fit.
//!
//! `COLUMNS` wins when it is a positive number (as clap's help and most
//! tools read it); else the column count the terminal reports. A terminal
//! that reports 0 rows still has its columns read: `stty rows 0 cols 80`
//! (some containers, `script` without a size) is 80 wide. A terminal of 0
//! columns says nothing, and then tables are not wrapped at all.

/// The width for tables on a terminal, from `COLUMNS` (when set) and the
/// column count the terminal `reported`; `None`: not wrapped.
pub fn terminal_width(columns: Option<&str>, reported: Option<u16>) -> Option<usize> {
    let from_env = columns.and_then(|c| c.trim().parse::<usize>().ok());
    from_env
        .filter(|&w| w > 0)
        .or(reported.map(usize::from).filter(|&w| w > 0))
}

/// The column count the terminal on `stream` reports, whatever its row
/// count (`None` when it is not a terminal or does not say).
#[cfg(unix)]
pub fn reported_columns(stream: impl std::os::fd::AsFd) -> Option<u16> {
    rustix::termios::tcgetwinsize(stream)
        .ok()
        .map(|size| size.ws_col)
}

/// The column count the terminal on `stream` reports (`None` when it is
/// not a terminal or does not say).
#[cfg(not(unix))]
pub fn reported_columns(stream: impl std::os::windows::io::AsHandle) -> Option<u16> {
    terminal_size::terminal_size_of(stream).map(|(terminal_size::Width(w), _)| w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_wins_then_the_terminals_count_then_nothing() {
        assert_eq!(terminal_width(Some("50"), Some(80)), Some(50));
        assert_eq!(terminal_width(Some(" 50 "), None), Some(50));
        assert_eq!(terminal_width(Some("0"), Some(80)), Some(80));
        assert_eq!(terminal_width(Some("wide"), Some(80)), Some(80));
        assert_eq!(terminal_width(None, Some(80)), Some(80));
        assert_eq!(terminal_width(None, Some(0)), None);
        assert_eq!(terminal_width(Some("0"), None), None);
        assert_eq!(terminal_width(None, None), None);
    }
}
