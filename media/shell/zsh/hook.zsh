# Terminal Guard hook for zsh, loaded in one of two ways (the loader sets __tg_mode first):
#  - proxy: the guarded terminal's .zshrc, after the person's own; asks the proxy in band and
#    emits VS Code's OSC 633 marks itself.
#  - bridge: terminals VS Code starts itself (media/shell/zsh-bridge/.zshenv); asks the editor with
#    `terminal-guard gate`, and VS Code's own shell integration draws the marks.
# Protocol and design: docs/terminal.md. Every name here starts with __tg_.

__tg_osc() {
	print -rn -- $'\e]6973;'"$__tg_nonce;$1"$'\a' >/dev/tty 2>/dev/null
}

__tg_osc633() {
	[[ $__tg_mode == proxy ]] && print -rn -- $'\e]633;'"$1"$'\a' >/dev/tty 2>/dev/null
}

if [[ $__tg_mode == proxy ]]; then
	[[ -n $__tg_nonce && -n $__tg_fifo ]] || return 0
elif [[ $__tg_mode != bridge ]]; then
	return 0
fi

autoload -Uz add-zle-hook-widget add-zsh-hook

typeset -gi __tg_seq=0     # request counter
typeset -g __tg_ran=       # a command was allowed since the last prompt
typeset -g __tg_stopped=   # message to print at the next prompt
typeset -g __tg_ps1= __tg_ps2=

# Escapes $1 into REPLY: \ -> \\, ; -> \x3b, control characters -> \xHH (VS Code's OSC 633 rules).
__tg_esc() {
	REPLY=${1//\\/\\\\}
	REPLY=${REPLY//;/\\x3b}
	if [[ $REPLY == *[[:cntrl:]]* ]]; then
		local -i i
		local c h
		for i in {0..31} 127; do
			c=${(#)i}
			h=${(l:2::0:)$(( [##16] i ))}
			REPLY=${REPLY//$c/\\x${(L)h}}
		done
	fi
}

# Asks whether the line $1 may run: status 0 = run it, otherwise __tg_msg says why not.
if [[ $__tg_mode == proxy ]]; then
	__tg_ask() {
		local rid verdict msg
		__tg_esc "$PWD"
		local cwd=$REPLY
		__tg_esc "$1"
		__tg_osc "req;$__tg_seq;$cwd;$REPLY"
		while :; do
			if ! IFS=' ' read -r rid verdict msg <"$__tg_fifo"; then
				__tg_msg='■ Terminal Guard stopped: the guard did not answer — not run.'
				return 1
			fi
			[[ $rid == "$__tg_seq" ]] && break
		done
		[[ $verdict == allow ]] && return 0
		__tg_msg=$msg
		return 1
	}
else
	# The checker this shell asks: one `terminal-guard gate --serve` (Node) for the whole session, started
	# as a coprocess, so an Enter costs one round trip and no Node start-up. Its two pipes are anonymous;
	# this shell keeps its ends as close-on-exec copies (zsh/system), so the commands run here do not get
	# them. Every question carries a fresh random token only this shell knows, and only an answer carrying
	# it counts: another process that writes into a pipe (through /proc/PID/fd) cannot answer for the
	# checker. A checker that is gone shows as end of input: that line does not run, the person is told
	# why, and a new checker is started for the next line. Protocol: src/cli/gateServe.ts, docs/terminal.md.
	# __tg_helper_busy: set while a question waits for its answer; still set at the next one: Ctrl-C ended the wait.
	typeset -g __tg_helper_pid= __tg_helper_in= __tg_helper_out= __tg_random= __tg_helper_busy=
	typeset -ga __tg_env_names=(NODE_ENV RAILS_ENV RACK_ENV APP_ENV FLASK_ENV DJANGO_ENV MIX_ENV ASPNETCORE_ENVIRONMENT DOTNET_ENVIRONMENT RAILWAY_ENVIRONMENT RAILWAY_ENVIRONMENT_NAME VERCEL_ENV ENVIRONMENT ENV STAGE DEPLOY_ENV APP_STAGE SPRING_PROFILES_ACTIVE LARAVEL_ENV SYMFONY_ENV GO_ENV PYTHON_ENV TF_WORKSPACE HOME)
	zmodload zsh/system 2>/dev/null

	# $1 = gone: it has ended by itself (its pid may already be another process's), only the pipes are closed.
	__tg_helper_stop() {
		if [[ -n $__tg_helper_pid ]]; then
			# KILL: a stopped (SIGSTOP) or wedged helper would keep a TERM pending and never end.
			[[ ${1-} == gone ]] || kill -KILL $__tg_helper_pid 2>/dev/null
			[[ -n $__tg_helper_in ]] && exec {__tg_helper_in}<&-
			[[ -n $__tg_helper_out ]] && exec {__tg_helper_out}>&-
		fi
		__tg_helper_pid= __tg_helper_in= __tg_helper_out= __tg_helper_busy=
	} 2>/dev/null

	# An fd of ours for the coprocess's end $2 (<&p or >&p), close-on-exec where zsh/system can reopen it.
	__tg_helper_fd() {
		local -i n fd
		if [[ $2 == in ]]; then
			exec {n}<&p
			if (( $+builtins[sysopen] )) && sysopen -r -o cloexec -u fd /dev/fd/$n; then
				exec {n}<&-
				REPLY=$fd
				return 0
			fi
		else
			exec {n}>&p
			if (( $+builtins[sysopen] )) && sysopen -w -o cloexec -u fd /dev/fd/$n; then
				exec {n}>&-
				REPLY=$fd
				return 0
			fi
		fi
		REPLY=$n
	} 2>/dev/null

	__tg_helper_start() {
		# Without job control: it is no job of the person's (not in `jobs`, no "done" line, no "you have
		# running jobs" at exit), and it shares the shell's process group, so Ctrl-C reaches it too.
		setopt localoptions nomonitor
		local gate=${TERMINAL_GUARD_GATE-}
		__tg_helper_stop
		[[ -n $gate && -x $gate ]] || return 1
		coproc exec "$gate" gate --serve 2>/dev/null
		__tg_helper_pid=$!
		disown
		__tg_helper_fd p in && __tg_helper_in=$REPLY
		__tg_helper_fd p out && __tg_helper_out=$REPLY
		# The coprocess's own copies are closed by starting an empty one; ours stay.
		coproc :
		disown
		[[ -n $__tg_helper_in && -n $__tg_helper_out ]]
	} 2>/dev/null

	__tg_helper_lost() {
		__tg_msg="■ Terminal Guard stopped: $1, so this line was not checked — not run. A new checker has been started: press Up and Enter to ask again."
		__tg_helper_start
		return 1
	}

	# A fresh token: 8 bytes of /dev/urandom in hex (zsh/system), else zsh's RANDOM.
	__tg_token() {
		emulate -L zsh
		setopt nomultibyte
		local bytes
		if [[ -z $__tg_random ]] && (( $+builtins[sysopen] )); then
			sysopen -r -o cloexec -u __tg_random /dev/urandom 2>/dev/null
		fi
		if [[ -n $__tg_random ]] && sysread -s 8 -i $__tg_random bytes 2>/dev/null && (( $#bytes == 8 )); then
			printf -v REPLY '%02x' "'${(@s::)^bytes}"
		else
			REPLY=$RANDOM$RANDOM$RANDOM$RANDOM$RANDOM
		fi
	}

	__tg_ask() {
		local gate=${TERMINAL_GUARD_GATE-} token cwd request name t q v m
		local -i st
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
		__tg_token
		token=$REPLY
		__tg_esc "$PWD"
		cwd=$REPLY
		__tg_esc "$1"
		request="tg1;$token;$__tg_seq;$cwd;$REPLY"
		for name in $__tg_env_names; do
			if [[ ${(tP)name} == *export* ]]; then
				__tg_esc "${(P)name}"
				request+=";$name=$REPLY"
			fi
		done
		__tg_helper_busy=1
		# A checker that is gone leaves no reader: writing must not end this shell with SIGPIPE (the trap is
		# this function's own: the person's come back when it returns).
		() {
			setopt localtraps
			trap '' PIPE
			print -r -- "$request" 2>/dev/null >&$__tg_helper_out
		}
		st=$?
		if (( st != 0 )); then
			__tg_helper_stop gone
			__tg_helper_lost 'its checker for this terminal had stopped'
			return
		fi
		while :; do
			if ! IFS=' ' read -r t q v m <&$__tg_helper_in; then
				__tg_helper_stop gone
				__tg_helper_lost 'its checker for this terminal stopped (it was ended or crashed)'
				return
			fi
			# Only the answer carrying this question's token counts. Anything else is skipped: the late answer
			# to a question given up with Ctrl-C, or lines another process wrote into the pipe.
			[[ $t == "$token" && $q == "$__tg_seq" ]] && break
		done
		__tg_helper_busy=
		[[ $v == allow ]] && return 0
		__tg_msg=${(g::)m}
		__tg_msg=${__tg_msg:-'■ Terminal Guard stopped: the check failed — not run.'}
		return 1
	}
fi

# Runs for every accepted line, whatever widget accepted it (accept-line, Ctrl-R + Enter, vi mode,
# accept-and-hold…). What is in BUFFER when it returns is what runs.
__tg_line_finish() {
	local line=$BUFFER pre=$PREBUFFER expanded text
	# Fail closed: if anything below is interrupted, zsh runs an empty line.
	BUFFER=
	if [[ $line != *[^[:space:]]* ]]; then
		# Nothing to judge (a blank line, or a blank continuation line of an accepted command).
		[[ $__tg_mode == proxy ]] && __tg_osc 'skip'
		BUFFER=$line
		return
	fi
	expanded=$line
	if [[ -o banghist && ( $line == *'!'* || $line == '^'* ) ]]; then
		BUFFER=$line
		zle .expand-history
		expanded=$BUFFER
		BUFFER=
	fi
	# An error inside (a bug, an option of the person's) must not end this widget: the line is then judged as typed.
	if [[ -z $pre && $expanded == *(fc|r|history)* ]] && { __tg_rerun "$expanded" } always { (( TRY_BLOCK_ERROR = 0 )) }; then
		# `r`, `fc -e - rm`, `eval "$(fc -ln -1)"`: judged as the history lines it runs.
		expanded=$REPLY
	fi
	text=$pre$expanded
	(( ++__tg_seq ))
	if __tg_ask "$text"; then
		BUFFER=$line
		__tg_ran=1
		if [[ $__tg_mode == proxy ]]; then
			__tg_esc "$text"
			__tg_osc633 "E;$REPLY"
		fi
		return
	fi
	__tg_stopped=$__tg_msg
	print -rs -- "$text"
	if [[ -n $pre ]]; then
		# Earlier lines are already in zsh's parser: abort the whole pending command.
		zle send-break
	fi
}

# A line that only re-runs history — `r [old=new] [ref]`, `fc -e - …`, `fc -s …`, `fc -e : [first [last]]`
# (an editor that changes nothing), `eval "$(fc -ln …)"`, `$(fc -l …)`, `eval $history[N]` — is judged as
# what it runs: REPLY is that, read from history the way fc will read it (here, before the line enters
# history, the numbers are the ones fc uses while the line runs). Status 1: not such a line, or it cannot be
# known; the line is then judged as typed, and the engine asks (docs/terminal.md, "History re-execution").
__tg_rerun() {
	emulate -L zsh
	zmodload zsh/parameter 2>/dev/null || return 1
	local line=$1 word='[-A-Za-z0-9_./=:@%+,]+'
	local run="^(builtin[[:space:]]+)?(fc|r)(([[:space:]]+$word)*)\$"
	local subst="^(eval[[:space:]]+)?(\"\\\$\(|\\\$\(|\`|\"\`)[[:space:]]*fc(([[:space:]]+$word)*)[[:space:]]*(\)\"|\)|\`|\`\")\$"
	local entry='^eval[[:space:]]+"?\$\{?history\[([0-9]+)\]\}?"?$'
	[[ $line =~ '^[[:space:]]*(.*[^[:space:]])[[:space:]]*$' ]] || return 1
	line=$match[1]
	if [[ $line =~ $run ]]; then
		[[ -z $match[1] ]] && __tg_shadowed $match[2] && return 1
		[[ -n $match[1] ]] && __tg_shadowed builtin && return 1
		(( $+builtins[$match[2]] )) || return 1
		__tg_fc $match[2] run "$match[3]"
	elif [[ $line =~ $subst ]]; then
		# The quotes must pair: `"$(` with `)"`, `$(` with `)`, a backtick with a backtick.
		[[ $match[2]$match[5] == ('"$()"'|'$()'|'``'|'"``"') ]] || return 1
		[[ -n $match[1] ]] && __tg_shadowed eval && return 1
		__tg_shadowed fc && return 1
		__tg_fc fc list "$match[3]"
	elif [[ $line =~ $entry ]]; then
		__tg_shadowed eval && return 1
		(( $+history[$match[1]] )) || return 1
		REPLY=$history[$match[1]]
	else
		return 1
	fi
}

# An alias or a function by this name runs instead of the builtin.
__tg_shadowed() {
	(( $+aliases[$1] || $+functions[$1] ))
}

# fc's own options, as zsh reads them. $1: fc or r; $2 = run: what `fc …` runs; list: what `fc …`
# prints (only a listing is run here, and only in a subshell); $3: the words after the name, plain words only.
__tg_fc() {
	emulate -L zsh -o extendedglob
	local -a words args subs events
	local execute= list= editor= a c out n
	local -i i
	words=(${(z)3})
	args=($words)
	[[ $1 == r ]] && execute=1
	while (( $#args )); do
		a=$args[1]
		if [[ $a == -- ]]; then
			shift args
			break
		fi
		[[ $a == -[A-Za-z]* ]] || break
		shift args
		for (( i = 2; i <= $#a; i++ )); do
			c=$a[i]
			case $c in
			(s) execute=1 ;;
			(l) list=1 ;;
			([nrdfEiD]) ;;
			(e)
				editor=$a[i+1,-1]
				if [[ -z $editor ]]; then
					editor=${args[1]-}
					shift args 2>/dev/null
				fi
				break
				;;
			(*) return 1 ;;
			esac
		done
	done
	[[ $editor == - ]] && execute=1
	if [[ $2 == list ]]; then
		[[ -n $list && -z $execute && -z $editor ]] || return 1
		REPLY=$(builtin fc $words 2>/dev/null) || return 1
		# An indent before the first line changes nothing about what runs; the person reads the command.
		REPLY=${REPLY##[[:space:]]#}
		return 0
	fi
	[[ -n $list && -z $execute ]] && return 1
	while [[ ${args[1]-} == *=* ]]; do
		[[ $args[1] == '='* ]] && return 1
		subs+=($args[1])
		shift args
	done
	if [[ -n $execute ]]; then
		(( $#args <= 1 )) || return 1
		set -- ${args[1]:--1} ${args[1]:--1}
	else
		# Editing: only an editor that changes nothing runs the lines as they are.
		editor=${editor:-${FCEDIT:-${EDITOR:-vi}}}
		[[ $editor == (:|true|/bin/true|/usr/bin/true) ]] || return 1
		set -- ${args[1]:--1} ${args[2]:-${args[1]:--1}}
	fi
	out=$(builtin fc -l -- $1 $2 2>/dev/null) || return 1
	for a in ${(f)out}; do
		[[ $a =~ '^ *([0-9]+)' ]] || return 1
		(( $+history[$match[1]] )) || return 1
		events+=("$history[$match[1]]")
	done
	(( $#events )) || return 1
	out=${(F)events}
	for a in $subs; do
		out=${out//${a%%=*}/${a#*=}}
	done
	REPLY=$out
}

__tg_preexec() {
	__tg_osc633 'C'
}

__tg_precmd() {
	local -i st=$?
	if [[ -n $__tg_ran ]]; then
		__tg_osc633 "D;$st"
	fi
	if [[ -n $__tg_stopped ]]; then
		print -r -- "$__tg_stopped" >/dev/tty 2>/dev/null
	fi
	__tg_ran= __tg_stopped=
	__tg_install
	# In bridge mode VS Code's own shell integration marks the prompt.
	if [[ $__tg_mode == proxy ]]; then
		if [[ $PS1 != "$__tg_ps1" ]]; then
			__tg_ps1=$'%{\e]633;A\a%}'$PS1$'%{\e]633;B\a%}'
			PS1=$__tg_ps1
		fi
		if [[ $PS2 != "$__tg_ps2" ]]; then
			__tg_ps2=$'%{\e]633;F\a%}'$PS2$'%{\e]633;G\a%}'
			PS2=$__tg_ps2
		fi
		__tg_esc "$PWD"
		__tg_osc633 "P;Cwd=$REPLY"
		__tg_osc "prompt;$REPLY"
	fi
	return st
}

# (Re)installs the hooks. Run at every prompt: an allowed command or a plugin that redefines
# zle-line-finish would otherwise switch the guard off for every later line. __tg_precmd stays first
# in precmd_functions because it reports the last command's status.
__tg_install() {
	add-zle-hook-widget zle-line-finish __tg_line_finish
	precmd_functions=(__tg_precmd ${precmd_functions:#__tg_precmd})
	[[ $__tg_mode == proxy ]] && add-zsh-hook preexec __tg_preexec
}

__tg_install
# Bridge mode: the checker starts now, in the background, so the first Enter does not wait for Node; and
# the editor is told, in the background, that this shell is guarded (its status bar shows it).
[[ $__tg_mode == bridge ]] && __tg_helper_start
if [[ $__tg_mode == bridge && -x ${TERMINAL_GUARD_GATE-} ]]; then
	("$TERMINAL_GUARD_GATE" hooked --pid $$ >/dev/null 2>&1 &)
fi
