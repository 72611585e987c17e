# Terminal Guard for fish: abbreviations. fish's `execute` expands the abbreviation under the cursor
# *after* a key binding has looked at the line, so `zzt` (an abbreviation of `rm -rf x`) would be
# judged as `zzt`. fish 3.x cannot bind `expand-abbr` and a function to one key (mixed bindings do
# nothing), so the hook expands the token itself, the way fish would, before judging; it then puts
# the cursor where `execute` finds nothing left to expand, so what runs is what was judged.

# Decoder for one line of `abbr --show`; remembers the last definition that matches __tg_abbr_tok
# (fish uses the last one added when several match).
function __tg_abbr_def
    argparse -i a/add g/global U/universal 'p/position=' 'r/regex=' 'f/function=' 'set-cursor=?' -- $argv
    or return
    set -l name $argv[1]
    if set -q _flag_regex
        string match -qr -- "^(?:$_flag_regex)\$" "$__tg_abbr_tok"; or return
    else
        test "$name" = "$__tg_abbr_tok"; or return
    end
    if test "$_flag_position" != anywhere -a "$__tg_abbr_cmdpos" != 1
        return
    end
    set -g __tg_abbr_hit 1
    set -g __tg_abbr_fn $_flag_function
    set -g __tg_abbr_text (string join ' ' -- $argv[2..-1])
    set -g __tg_abbr_marker
    if set -q _flag_set_cursor
        set -g __tg_abbr_marker %
        test -n "$_flag_set_cursor"; and set -g __tg_abbr_marker "$_flag_set_cursor"
    end
end

# Expands the abbreviation under the cursor in the command line, as `execute` would. Status 0 when
# something was expanded, 1 otherwise.
function __tg_expand_abbr_once
    set -g __tg_abbr_tok (commandline -t)
    test -n "$__tg_abbr_tok"; or return 1
    # Over-approximates fish's "command position": expanding where fish would not only shows the
    # person the expansion; missing one would let it run unjudged.
    set -l prev (commandline -opc)
    set -g __tg_abbr_cmdpos 0
    if test (count $prev) -eq 0
        set -g __tg_abbr_cmdpos 1
    else if contains -- $prev[-1] and or not time command builtin exec if while begin else '!' '|' '&&' '||' ';'
        set -g __tg_abbr_cmdpos 1
    end
    set -g __tg_abbr_hit
    for def in (abbr --show)
        string replace -r -- '^abbr ' '__tg_abbr_def ' "$def" | source
    end
    test -n "$__tg_abbr_hit"; or return 1
    set -l expansion "$__tg_abbr_text"
    if test -n "$__tg_abbr_fn"
        # Like fish: the function's output lines, joined by newlines (no trailing newline).
        set expansion ($__tg_abbr_fn "$__tg_abbr_tok" | string collect)
        or return 1
    end
    if test -n "$__tg_abbr_marker"
        set expansion (string replace -- "$__tg_abbr_marker" '' "$expansion" | string collect -N)
    end
    commandline -t -r -- "$expansion"
    return 0
end

# Expands until nothing under the cursor is an abbreviation (bounded: an abbreviation may expand to
# another one).
function __tg_expand_abbr
    for i in 1 2 3 4 5 6 7 8
        __tg_expand_abbr_once; or return 0
    end
    return 1
end
