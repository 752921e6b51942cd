# unknown-capability: names capabilities(7) does not have. Near misses:
# with and without CAP_, any case, ALL.

network lan { parent eth1; subnet 10.1.0.0/24 gateway 10.1.0.1 }
container a {
  image "alpine:3.20"
  network lan
  cap-add NET_ADMN                           #! unknown-capability
  cap-drop CAP_FLY                           #! unknown-capability
  cap-add NET_ADMIN cap_net_raw CAP_SYS_TIME
  cap-drop ALL
}
