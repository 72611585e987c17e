# Terminal Guard in the interactive bash terminals VS Code starts itself (plain terminals, other
# extensions' terminals), where no proxy sits between the person and the shell. "Protect AI Agents…"
# puts, through VS Code's environmentVariableCollection, a PROMPT_COMMAND entry in those terminals:
#     __tg_st=$?; if [ -n "${__tg_mode-}" ]; then __tg_each_prompt; elif [ -r FILE ]; then . FILE; fi
# so this file is read at the first prompt, after the person's own startup files and after VS Code's
# shell integration (which keeps an inherited PROMPT_COMMAND and runs it at every prompt). It installs
# hook.bash with `terminal-guard gate` as the transport: each line is judged by the editor, over the
# bridge, before readline accepts it. Every name here starts with __tg_.

if ((BASH_VERSINFO[0] < 5 || (BASH_VERSINFO[0] == 5 && BASH_VERSINFO[1] < 1))); then
	__tg_mode=unsupported
	builtin printf 'Terminal Guard: this bash (%s) is too old to be guarded (5.1 or newer is needed); commands typed here are not checked.\n' "$BASH_VERSION" >/dev/tty 2>/dev/null
	__tg_each_prompt() {
		return "${__tg_st:-0}"
	}
	return "${__tg_st:-0}"
fi

__tg_mode=bridge

# The checker this shell asks: one `terminal-guard gate --serve` (Node) for the whole session, started
# as a coprocess, so an Enter costs one round trip and no Node start-up. Its two pipes are anonymous and
# only this shell holds its ends (bash marks a coprocess's fds close-on-exec: the commands run here do
# not get them). Every question carries a fresh random token that only this shell knows, and only an
# answer carrying it counts: another process that writes into a pipe (through /proc/PID/fd) cannot answer
# for the checker. A checker that is gone (killed, crashed, out of memory) shows as end of input: that
# line does not run, the person is told why, and a new checker is started for the next line.
# Protocol: src/cli/gateServe.ts and docs/terminal.md ("The Enter gate's helper").
__tg_helper_pid=
__tg_helper_in=
__tg_helper_out=
__tg_helper_busy= # set while a question waits for its answer; still set at the next one: Ctrl-C ended the wait
__tg_env_names=(NODE_ENV RAILS_ENV RACK_ENV APP_ENV FLASK_ENV DJANGO_ENV MIX_ENV ASPNETCORE_ENVIRONMENT DOTNET_ENVIRONMENT RAILWAY_ENVIRONMENT RAILWAY_ENVIRONMENT_NAME VERCEL_ENV ENVIRONMENT ENV STAGE DEPLOY_ENV APP_STAGE SPRING_PROFILES_ACTIVE LARAVEL_ENV SYMFONY_ENV GO_ENV PYTHON_ENV TF_WORKSPACE HOME)
# The person's own SIGPIPE trap, if their startup files set one: put back after each question is written.
__tg_pipe_trap=$(builtin trap -p PIPE)

# $1 = gone: it has ended by itself (its pid may already be another process's), only the pipes are closed.
__tg_helper_stop() {
	if [[ -n $__tg_helper_pid ]]; then
		# KILL: a stopped (SIGSTOP) or wedged helper would keep a TERM pending and never end.
		[[ ${1-} == gone ]] || builtin kill -KILL "$__tg_helper_pid" 2>/dev/null
		# Closing its input ends it; a checker that no longer reads (wedged, or out of step) is stopped too.
		builtin exec {__tg_helper_in}<&- {__tg_helper_out}>&- 2>/dev/null
	fi
	__tg_helper_pid= __tg_helper_in= __tg_helper_out= __tg_helper_busy=
}

__tg_helper_start() {
	local gate=${TERMINAL_GUARD_GATE-} monitor=
	__tg_helper_stop
	[[ -n $gate && -x $gate ]] || return 1
	# Started without job control: it is no job of the person's (not in `jobs`, no "Done" line), and it
	# shares the shell's process group, so Ctrl-C while a question is open reaches it and withdraws it.
	[[ $- == *m* ]] && monitor=1
	builtin set +m
	# stderr: bash's own notices about the coprocess (a person's earlier `coproc` still running).
	{ coproc __tg_helper { exec "$gate" gate --serve 2>/dev/null; }; } 2>/dev/null
	__tg_helper_pid=${__tg_helper_PID-}
	__tg_helper_in=${__tg_helper[0]-}
	__tg_helper_out=${__tg_helper[1]-}
	builtin disown "$__tg_helper_pid" 2>/dev/null
	[[ -n $monitor ]] && builtin set -m
	[[ -n $__tg_helper_pid && -n $__tg_helper_in && -n $__tg_helper_out ]]
}

# The checker is gone or out of step: this line is not run, and a new one is started for the next.
__tg_helper_lost() {
	__tg_msg="■ Terminal Guard stopped: $1, so this line was not checked — not run. A new checker has been started: press Up and Enter to ask again."
	__tg_helper_start
	return 1
}

__tg_ask() {
	local gate=${TERMINAL_GUARD_GATE-} token cwd request name st t q v m
	if [[ -z $gate || ! -x $gate ]]; then
		__tg_msg="■ Terminal Guard stopped: its checker (${gate:-TERMINAL_GUARD_GATE is not set}) is missing, so this line was not checked — not run."
		return 1
	fi
	# The last wait was cut short (Ctrl-C): a helper that did not answer may never answer (stopped, wedged,
	# its input filled with junk), so it is replaced; a working one had withdrawn that question anyway.
	[[ -n $__tg_helper_busy ]] && __tg_helper_stop
	if [[ -z $__tg_helper_pid ]] && ! __tg_helper_start; then
		__tg_msg="■ Terminal Guard stopped: its checker ($gate) could not be started, so this line was not checked — not run."
		return 1
	fi
	token=$SRANDOM$SRANDOM$SRANDOM$SRANDOM
	__tg_esc "$PWD"
	cwd=$REPLY
	__tg_esc "$1"
	request="tg1;$token;$__tg_seq;$cwd;$REPLY"
	for name in "${__tg_env_names[@]}"; do
		if [[ -n ${!name+set} && ${!name@a} == *x* ]]; then
			__tg_esc "${!name}"
			request+=";$name=$REPLY"
		fi
	done
	__tg_helper_busy=1
	# A checker that is gone leaves no reader: writing must not end this shell with SIGPIPE.
	builtin trap '' PIPE
	builtin printf '%s\n' "$request" 2>/dev/null >&"$__tg_helper_out"
	st=$?
	if [[ -n $__tg_pipe_trap ]]; then
		builtin eval "$__tg_pipe_trap"
	else
		builtin trap - PIPE
	fi
	if ((st != 0)); then
		__tg_helper_stop gone
		__tg_helper_lost 'its checker for this terminal had stopped'
		return
	fi
	while :; do
		if ! IFS=' ' builtin read -r t q v m <&"$__tg_helper_in"; then
			__tg_helper_stop gone
			__tg_helper_lost 'its checker for this terminal stopped (it was ended or crashed)'
			return
		fi
		# Only the answer carrying this question's token counts. Anything else is skipped: the late answer to
		# a question given up with Ctrl-C, or lines another process wrote into the pipe.
		[[ $t == "$token" && $q == "$__tg_seq" ]] && break
	done
	__tg_helper_busy=
	[[ $v == allow ]] && return 0
	builtin printf -v __tg_msg '%b' "$m"
	__tg_msg=${__tg_msg:-■ Terminal Guard stopped: the check failed — not run.}
	return 1
}

__tg_on_enter() {
	:
}

__tg_blank() {
	:
}

__tg_allowed() {
	:
}

# VS Code's shell integration (and bash-preexec) report a command from a DEBUG trap, which also
# fires for the `bind -x` function that judges the line: too early, and with the previous command's
# text. READLINE_LINE exists only while a `bind -x` function runs, so the trap is told to wait.
__tg_quiet_debug_trap() {
	local fn
	for fn in __bp_preexec_invoke_exec __vsc_preexec_all __vsc_preexec_only; do
		if builtin declare -F "$fn" >/dev/null; then
			builtin trap "[[ -n \${READLINE_LINE+set} ]] || $fn \"\$_\"" DEBUG
			return
		fi
	done
}

. "${BASH_SOURCE[0]%/*}/hook.bash"

__tg_each_prompt() {
	__tg_new_prompt
	return "${__tg_st:-0}"
}

__tg_quiet_debug_trap
# The checker starts now, in the background, so the first Enter does not wait for Node.
__tg_helper_start
# Tell the editor, in the background, that this shell is guarded (its status bar shows it).
if [[ -x ${TERMINAL_GUARD_GATE-} ]]; then
	("$TERMINAL_GUARD_GATE" hooked --pid $$ >/dev/null 2>&1 &)
fi
__tg_each_prompt
