# invalid-name: a project, network, Docker network (`name`) or container
# name that breaks Docker's rule [A-Za-z0-9][A-Za-z0-9_.-]*. Names that
# start with a digit, or hold `_`, `.` and `-` after the first character,
# are near misses.

project -lab                                 #! invalid-name

network _lan {                               #! invalid-name
  parent eth1
  subnet 10.1.0.0/24 gateway 10.1.0.1
}
network la@n {                               #! invalid-name
  parent eth2
  subnet 10.2.0.0/24 gateway 10.2.0.1
}
network 0net_v2.x-y {                        # near miss
  parent eth3
  subnet 10.3.0.0/24 gateway 10.3.0.1
  name "corp lan"                            #! invalid-name
}
network named {
  parent eth4
  subnet 10.4.0.0/24 gateway 10.4.0.1
  name "corp-lan_2.0"                        # near miss
}

container .web {                             #! invalid-name
  image "nginx:1.27-alpine"
  network _lan ip 10.1.0.10
}
container db@1 {                             #! invalid-name
  image "postgres:16"
  network la@n ip 10.2.0.10
}
container 1st-app_v2.0 {                     # near miss
  image "alpine:3.20"
  network 0net_v2.x-y ip 10.3.0.10
}
container x {                                # near miss: one character
  image "alpine:3.20"
  network named ip 10.4.0.10
}
