# env-file-missing: an env file that is not there (relative to this file).
# Near miss: one that is.

network lan { parent eth1; subnet 10.1.0.0/24 gateway 10.1.0.1 }
container a {
  image "alpine:3.20"
  network lan
  env-file "no-such.env"                     #! env-file-missing
  env-file "clean/app.env"
}
