# invalid-duration: durations without a unit or that do not read, and a
# stop grace period of part seconds. Near misses: 500ms health timings.

network lan { parent eth1; subnet 10.1.0.0/24 gateway 10.1.0.1 }
container a {
  image "alpine:3.20"
  network lan
  stop-grace 30                              #! invalid-duration
  health {
    test "true"
    interval 10x                             #! invalid-duration
    timeout 500ms
  }
}
container b {
  image "alpine:3.20"
  network lan
  stop-grace 1500ms                          #! invalid-duration
}
container c { image "alpine:3.20"; network lan; stop-grace 1m30s }
