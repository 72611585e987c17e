# Terminal Guard for POSIX shells without a hook (dash, ksh, busybox sh): named by $ENV, which an
# interactive POSIX shell reads at startup. It only marks where the prompt ends (VS Code's OSC 633
# A and B) so that the screen-reading fallback knows where the typed line starts; the line itself
# is judged by the proxy before Enter is passed on. See docs/terminal.md.

# The person's own $ENV file, if they had one.
if [ -n "${TERMINAL_GUARD_USER_ENV-}" ]; then
	ENV=$TERMINAL_GUARD_USER_ENV
	unset TERMINAL_GUARD_USER_ENV
	[ -r "$ENV" ] && . "$ENV"
else
	unset ENV
fi

PS1="$(printf '\033]633;A\007')${PS1-\$ }$(printf '\033]633;B\007')"
