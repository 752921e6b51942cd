# unset-variable: a variable set neither in the environment nor in .env
# (this directory's .env sets MACRAME_FIXTURE_NIC and _NET), without a
# default; a required one unset; a malformed one. Near misses: set ones,
# defaults, `$$`, variables inside strings.

network lan {
  parent ${MACRAME_FIXTURE_NIC}
  subnet ${MACRAME_FIXTURE_NET}.0/24 gateway ${MACRAME_FIXTURE_NET}.1
}
network other { parent ${MACRAME_FIXTURE_GONE}; subnet 10.2.0.0/24 gateway 10.2.0.1 }   #! unset-variable
container a {
  image "alpine:${MACRAME_FIXTURE_TAG:-3.20}"
  network lan ip $MACRAME_FIXTURE_NET.10
  network other
  gateway lan
  env PRICE = "$$5"
  env HOME_DIR = "${MACRAME_FIXTURE_HOME-/root}"
  env NEEDED = "${MACRAME_FIXTURE_KEY:?set the API key}"   #! unset-variable
  env BAD = "${:-x}"                                      #! unset-variable
}
