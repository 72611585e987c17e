# Terminal Guard: login shells only; reads the person's .zprofile (see .zshenv).
__tg_source_user .zprofile
