# health-needed: waiting for a container to be healthy that has no check,
# or whose check is turned off. Near misses: one with a check, started
# and completed conditions, a container named like a condition.

network lan { parent eth1; subnet 10.1.0.0/24 gateway 10.1.0.1 }
container plain { image "alpine:3.20"; network lan }
container off { image "alpine:3.20"; network lan; health { test none } }
container checked { image "alpine:3.20"; network lan; health { test shell "true" } }
container healthy { image "alpine:3.20"; network lan }
container a {
  image "alpine:3.20"
  network lan
  depends-on plain healthy                   #! health-needed
  depends-on off healthy                     #! health-needed
}
container b {
  image "alpine:3.20"
  network lan
  depends-on checked healthy
  depends-on plain started
  depends-on off completed
  depends-on healthy
}
