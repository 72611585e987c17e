# Terminal Guard hook for fish (3.x). Run with `fish --init-command 'source <this file>'`, which fish
# runs after the person's config.fish. Protocol and design: docs/terminal.md. Names start with __tg_.

# Private state, taken out of the environment so that no child started from now on inherits it.
set -g __tg_nonce $TERMINAL_GUARD_NONCE
set -g __tg_fifo $TERMINAL_GUARD_FIFO
set -e TERMINAL_GUARD_NONCE
set -e TERMINAL_GUARD_FIFO

function __tg_osc --argument-names fields
    printf '\e]6973;%s;%s\a' "$__tg_nonce" "$fields" >/dev/tty 2>/dev/null
end

function __tg_osc633 --argument-names fields
    printf '\e]633;%s\a' "$fields" >/dev/tty 2>/dev/null
end

if test -z "$__tg_nonce" -o -z "$__tg_fifo"
    return 0
end

set -g __tg_seq 0 # request counter
set -g __tg_ran # a command was allowed since the last prompt
set -g __tg_stopped # message to print at the next prompt

# Prints $argv[1] escaped: \ -> \\, ; -> \x3b, control characters -> \xHH (VS Code's OSC 633 rules).
function __tg_esc
    if not string match -qr -- '[\\\\;\x00-\x1f\x7f]' "$argv[1]"
        printf '%s' "$argv[1]" # nothing to escape (the usual case)
        return
    end
    # Command substitution splits on newlines: the lines are joined back with an escaped newline.
    set -l lines (string replace -a -- '\\' '\\\\' $argv[1] | string replace -a -- ';' '\\x3b')
    set -l s (string join '\\x0a' -- $lines)
    if string match -qr -- '[\x00-\x1f\x7f]' "$s"
        for code in (seq 1 9) (seq 11 31) 127
            set -l hex (printf '%02x' $code)
            set s (string replace -a -- (printf "\\x$hex") "\\x$hex" "$s")
        end
    end
    printf '%s' "$s"
end

source (status dirname)/abbr.fish

# Enter: judge the exact buffer that `execute` will run.
function __tg_enter
    if commandline --paging-mode
        # Enter in the completion pager picks an entry; it runs nothing.
        __tg_osc skip
        commandline -f execute
        return
    end
    if not __tg_expand_abbr
        set -g __tg_stopped '■ Terminal Guard stopped: abbreviations expand into each other too deeply — not run.'
        __tg_osc skip
        commandline -r ''
        commandline -f execute
        return
    end
    set -l line (commandline | string collect)
    set -l cursor (commandline -C)
    if not string match -qr -- '\S' "$line"
        __tg_osc skip
        commandline -f execute
        return
    end
    commandline --is-valid
    if test $status -eq 2
        # Incomplete (open quote, block, trailing pipe): fish inserts a newline and runs nothing.
        __tg_osc skip
        commandline -f execute
        return
    end
    # Fail closed: if anything below is interrupted, fish runs an empty line.
    commandline -r ''
    set -g __tg_seq (math $__tg_seq + 1)
    set -l escaped (__tg_esc "$line")
    __tg_osc "req;$__tg_seq;"(__tg_esc "$PWD")";$escaped"
    set -l verdict deny
    set -l msg '■ Terminal Guard stopped: the guard did not answer — not run.'
    while read -l -d ' ' rid v m <$__tg_fifo
        if test "$rid" = "$__tg_seq"
            set verdict $v
            set msg $m
            break
        end
    end
    if test "$verdict" = allow
        commandline -r -- "$line"
        commandline -C $cursor
        set -g __tg_ran 1
        __tg_osc633 "E;$escaped"
    else
        set -g __tg_stopped "$msg"
        __tg_remember "$line"
    end
    commandline -f execute
end

# Puts a refused line into history so that Up recalls it. fish 3.x has no command to add an entry,
# so the entry is appended to the history file in fish's own format and merged into this session.
# `history merge` only takes entries older than the second it runs in, and does nothing twice in
# the same second (or in the second the history was opened): hence the stamp one second back, and
# the retries until the entry is the newest one (about a second in a brand-new session; up to three
# on a loaded machine, or when another session's save dropped the entry and it is appended again).
# "Newest", not "present": the same line typed on another day is already in history, and finding
# that one would stop the retries before the merge took, leaving Up on the command before.
function __tg_remember --argument-names line
    set -q fish_history; and test -z "$fish_history"; and return # private mode: no history
    set -l dir ~/.local/share
    set -q XDG_DATA_HOME; and set dir $XDG_DATA_HOME
    set -l name fish
    set -q fish_history; and set name $fish_history
    set -l cmd (string replace -a -- '\\' '\\\\' "$line" | string join '\n')
    test -d $dir/fish; or command mkdir -p $dir/fish
    # Write this session's own new entries first: `history merge` would otherwise save them after ours
    # (a rewrite of the file), and Up would recall the command before the refused line.
    builtin history save
    set -l file $dir/fish/$name"_history"
    for attempt in 1 2 3 4 5 6 7 8 9 10 11 12
        # Append again when the file lacks the entry (another fish session saving its own history
        # rewrites the file from what it read before our append, and drops it), and once a second
        # (another session's save put its own entries after ours: the file's last entry is the newest).
        if contains -- $attempt 1 5 9; or not contains -- "- cmd: $cmd" (string split -- \n <$file 2>/dev/null)
            printf '%s\n' "- cmd: $cmd" "  when: "(math (command date +%s) - 1) >>$file 2>/dev/null
            or return
        end
        builtin history merge
        set -l newest (builtin history search --max 1 | string collect)
        test "$newest" = "$line"; and return
        command sleep 0.25
    end
end

# (Re)binds Enter. Run at every prompt: an allowed `bind` or a change of key bindings (which erases
# them all) would otherwise switch the guard off for every later line.
function __tg_bind
    for mode in default insert visual
        bind -M $mode \r __tg_enter
        bind -M $mode \n __tg_enter
    end
end

# Wraps fish_prompt so that VS Code learns where the prompt starts and ends (OSC 633 A and B).
function __tg_wrap_prompt
    functions -q fish_prompt; or return
    string match -q "*__tg_user_prompt*" (functions fish_prompt); and return
    functions -e __tg_user_prompt
    functions -c fish_prompt __tg_user_prompt
    # Printed to stdout, not /dev/tty: fish captures the prompt's output and draws it itself.
    function fish_prompt
        printf '\e]633;A\a'
        __tg_user_prompt
        printf '\e]633;B\a'
    end
end

function __tg_on_prompt --on-event fish_prompt
    if test -n "$__tg_stopped"
        printf '%s\n' "$__tg_stopped" >/dev/tty 2>/dev/null
    end
    set -g __tg_stopped
    __tg_bind
    __tg_wrap_prompt
    set -l cwd (__tg_esc "$PWD")
    printf '\e]633;P;Cwd=%s\a\e]6973;%s;prompt;%s\a' "$cwd" "$__tg_nonce" "$cwd" >/dev/tty 2>/dev/null
end

function __tg_on_preexec --on-event fish_preexec
    __tg_osc633 C
end

function __tg_on_postexec --on-event fish_postexec
    set -l st $status
    if test -n "$__tg_ran"
        __tg_osc633 "D;$st"
    end
    set -g __tg_ran
end

__tg_bind
