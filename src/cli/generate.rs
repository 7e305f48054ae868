//! Shell completions and the man page, generated from the one clap
//! definition. Copies are committed in `completions/` and `man/`; a test
//! fails when they drift from what this module generates.

use clap::CommandFactory;
use clap_complete::Shell;

use super::args::Cli;

/// Every generated file: its path in the repository and its contents.
pub fn files() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = [
        Shell::Bash,
        Shell::Zsh,
        Shell::Fish,
        Shell::Elvish,
        Shell::PowerShell,
    ]
    .into_iter()
    .map(|shell| {
        (
            format!("completions/{}", completion_file(shell)),
            completions(shell),
        )
    })
    .collect();
    files.push(("man/dgraph.1".to_string(), man_page()));
    files
}

/// The file name a shell looks for.
fn completion_file(shell: Shell) -> String {
    match shell {
        Shell::Bash => "dgraph.bash".into(),
        Shell::Zsh => "_dgraph".into(),
        Shell::Fish => "dgraph.fish".into(),
        Shell::Elvish => "dgraph.elv".into(),
        Shell::PowerShell => "_dgraph.ps1".into(),
        other => format!("dgraph.{other}"),
    }
}

/// The completion script for `shell`.
pub fn completions(shell: Shell) -> String {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "dgraph", &mut script);
    String::from_utf8(script).expect("completion scripts are UTF-8")
}

/// The man page, in roff: the top-level page, the subcommands, the
/// examples and the language, then a section for each subcommand with its
/// synopsis, options and examples. It is one page: nothing points at
/// `dgraph-eval(1)` pages that do not exist.
pub fn man_page() -> String {
    let command = Cli::command();
    let man = clap_mangen::Man::new(command.clone());
    let mut page = Vec::new();
    man.render_title(&mut page).expect(IN_MEMORY);
    man.render_name_section(&mut page).expect(IN_MEMORY);
    man.render_synopsis_section(&mut page).expect(IN_MEMORY);
    man.render_description_section(&mut page).expect(IN_MEMORY);
    man.render_options_section(&mut page).expect(IN_MEMORY);
    let mut page = String::from_utf8(page).expect("roff is UTF-8");
    page.push_str(&subcommand_list(&command));
    page.push_str(&preformatted("EXAMPLES", examples(&command)));
    page.push_str(&preformatted(
        "THE LANGUAGE",
        crate::report::language::LANGUAGE,
    ));
    for sub in command.get_subcommands() {
        page.push_str(&subcommand_section(sub));
    }
    page.push_str(".SH \"SEE ALSO\"\n");
    page.push_str(
        ".BR dot (1)\n(Graphviz, to render \\fBdgraph draw\\fR's DOT), and the README.\n",
    );
    let mut version = Vec::new();
    man.render_version_section(&mut version).expect(IN_MEMORY);
    page.push_str(&String::from_utf8(version).expect("roff is UTF-8"));
    page
}

/// Why rendering roff cannot fail.
const IN_MEMORY: &str = "rendering to memory cannot fail";

/// The SUBCOMMANDS section: each subcommand and what it does, pointing at
/// its section below.
fn subcommand_list(command: &clap::Command) -> String {
    let mut roff = String::from(".SH SUBCOMMANDS\n");
    for sub in command.get_subcommands() {
        let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
        roff.push_str(&format!(
            ".TP\n\\fBdgraph {}\\fR\n{}\n",
            sub.get_name(),
            escape(&about)
        ));
    }
    roff.push_str(".PP\nEach subcommand's options are in its own section below.\n");
    roff
}

/// A subcommand's section: synopsis, description, options, examples.
fn subcommand_section(sub: &clap::Command) -> String {
    let name = format!("dgraph {}", sub.get_name());
    let man = clap_mangen::Man::new(sub.clone().name(name.clone()));
    let mut section = Vec::new();
    man.render_synopsis_section(&mut section).expect(IN_MEMORY);
    man.render_description_section(&mut section)
        .expect(IN_MEMORY);
    man.render_options_section(&mut section).expect(IN_MEMORY);
    let heading = name.to_uppercase();
    let mut section = String::from_utf8(section)
        .expect("roff is UTF-8")
        .replace(".SH SYNOPSIS", &format!(".SH \"{heading}\""))
        .replace(".SH DESCRIPTION\n", "")
        .replace(".SH OPTIONS", &format!(".SH \"{heading} OPTIONS\""));
    // `eval` shares the top-level examples (shown above), and `language`
    // has only its long help, the language section above.
    let own = sub.get_after_help().map(|help| help.to_string());
    let top = Cli::command().get_after_help().map(|help| help.to_string());
    if let Some(examples) = own.filter(|own| Some(own) != top.as_ref()) {
        section.push_str(&preformatted(
            &format!("{heading} EXAMPLES"),
            examples.trim_start_matches("Examples:\n"),
        ));
    }
    section
}

/// The top-level examples, without their heading.
fn examples(command: &clap::Command) -> String {
    command
        .get_after_help()
        .map(|help| help.to_string())
        .unwrap_or_default()
        .trim_start_matches("Examples:\n")
        .to_string()
}

/// A section of `text` as written: lines kept, not filled, but each
/// [`fitted`] to the page.
fn preformatted(heading: &str, text: impl AsRef<str>) -> String {
    let mut roff = format!(".SH \"{heading}\"\n.nf\n");
    for line in text.as_ref().lines().flat_map(fitted) {
        roff.push_str(&escape(&line));
        roff.push('\n');
    }
    roff.push_str(".fi\n");
    roff
}

/// How wide a section's text may be: `man` at 80 columns indents it by 7
/// (the language reference is written to fit).
const TEXT_WIDTH: usize = crate::report::language::WIDTH;

/// `line` in lines of at most [`TEXT_WIDTH`] columns. An example's note
/// (after a gap of two spaces or more) goes on a line of its own below the
/// command, indented; a command still too long is broken between words
/// (never inside quotes) and continued with ` \`, as a shell reads it.
fn fitted(line: &str) -> Vec<String> {
    if line.chars().count() <= TEXT_WIDTH {
        return vec![line.to_string()];
    }
    let body = line.trim_start();
    let indent = line.len() - body.len();
    let (command, note) = match body.split_once("  ") {
        Some((command, note)) => (command, Some(note.trim())),
        None => (body, None),
    };
    let mut lines = broken(indent, &shell_words(command), " \\");
    if let Some(note) = note {
        lines.extend(broken(indent + 4, &note.split(' ').collect::<Vec<_>>(), ""));
    }
    lines
}

/// `words` in lines of at most [`TEXT_WIDTH`] columns, the first indented
/// by `indent`, the others by 4 more, each line but the last ending in
/// `end`; a pipe or a redirection starts a line rather than ending one.
fn broken(indent: usize, words: &[&str], end: &str) -> Vec<String> {
    let mut lines: Vec<Vec<&str>> = vec![Vec::new()];
    for &word in words {
        let margin = if lines.len() == 1 { indent } else { indent + 4 };
        let line = lines.last_mut().expect("a line");
        let width = margin + line.iter().map(|w| w.chars().count() + 1).sum::<usize>();
        if !line.is_empty() && width + word.chars().count() + end.len() > TEXT_WIDTH {
            let carried = match line.last() {
                Some(&last) if line.len() > 1 && ["|", ">", "<"].contains(&last) => line.pop(),
                _ => None,
            };
            lines.push(carried.into_iter().collect());
        }
        lines.last_mut().expect("a line").push(word);
    }
    let count = lines.len();
    lines
        .iter()
        .enumerate()
        .map(|(k, words)| {
            let margin = if k == 0 { indent } else { indent + 4 };
            let tail = if k + 1 < count { end } else { "" };
            format!("{}{}{tail}", " ".repeat(margin), words.join(" "))
        })
        .collect()
}

/// A command's words: split at spaces outside quotes.
fn shell_words(command: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let (mut start, mut quote) = (0, None);
    for (at, c) in command.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(open), _) if c == open => quote = None,
            (None, ' ') => {
                words.push(&command[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    words.push(&command[start..]);
    words.retain(|word| !word.is_empty());
    words
}

/// `text` as a roff text line: backslashes and hyphens escaped, and a
/// leading `.` or `'` kept from reading as a request.
fn escape(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    match escaped.starts_with(['.', '\'']) {
        true => format!("\\&{escaped}"),
        false => escaped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_man_page_points_at_no_other_page_of_dgraph() {
        let page = man_page();
        assert!(!page.contains("dgraph\\-"), "{page}");
    }

    #[test]
    fn examples_and_the_language_keep_their_lines() {
        let page = man_page();
        let examples = page
            .find(".SH \"EXAMPLES\"\n.nf\n")
            .expect("an examples section");
        let language = page
            .find(".SH \"THE LANGUAGE\"\n.nf\n")
            .expect("a language section");
        assert!(examples < language);
        assert!(page.contains("  dgraph eval \"e = (a+b)*(b+1)\" \\-\\-set a=2,b=1"));
        assert!(page.contains(".SH \"DGRAPH DRAW EXAMPLES\"\n.nf\n"));
    }

    #[test]
    fn preformatted_lines_fit_80_columns_less_the_indent() {
        let page = man_page();
        let mut inside = false;
        for line in page.lines() {
            match line {
                ".nf" => inside = true,
                ".fi" => inside = false,
                _ if inside => {
                    let text = line.replace("\\-", "-").replace("\\e", "\\");
                    assert!(text.chars().count() <= TEXT_WIDTH, "too wide: {text}");
                }
                _ => {}
            }
        }
    }

    #[test]
    fn long_examples_break_where_a_shell_reads_them_back() {
        let draw = "  dgraph draw \"c = a+b; d = b+1; e = c*d\" --set a=2,b=1 --mode paths --wrt b --format svg > paths.svg";
        assert_eq!(
            fitted(draw),
            [
                "  dgraph draw \"c = a+b; d = b+1; e = c*d\" --set a=2,b=1 --mode paths \\",
                "      --wrt b --format svg > paths.svg",
            ]
        );
        let noted =
            "  dgraph eval \"(a+b)*(b+1)\" --points points.csv      one output row per input row";
        assert_eq!(
            fitted(noted),
            [
                "  dgraph eval \"(a+b)*(b+1)\" --points points.csv",
                "      one output row per input row",
            ]
        );
        let piped =
            "  dgraph draw \"c = a+b; d = b+1; e = c*d\" --set a=2,b=1 | dot -Tsvg > olah.svg";
        assert_eq!(
            fitted(piped),
            [
                "  dgraph draw \"c = a+b; d = b+1; e = c*d\" --set a=2,b=1 | dot -Tsvg \\",
                "      > olah.svg",
            ]
        );
        assert_eq!(fitted("  short  note"), ["  short  note"]);
    }

    #[test]
    fn roff_requests_in_text_are_escaped() {
        assert_eq!(escape(".x -y \\z"), "\\&.x \\-y \\ez");
        assert_eq!(escape("'a"), "\\&'a");
    }
}
