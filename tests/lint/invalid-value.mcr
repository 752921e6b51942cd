# invalid-value: sizes, counts, CPUs, ports, devices, pull policies and
# file modes that do not read, and a memory limit below the engine's
# 6 MiB. Near misses: each written right.

network lan { parent eth1; subnet 10.1.0.0/24 gateway 10.1.0.1 }
network web { driver bridge }
container bad {
  image "alpine:3.20"
  network lan
  network web
  gateway lan
  memory lots                                #! invalid-value
  memory 4m                                  #! invalid-value
  cpus -1                                    #! invalid-value
  pids-limit many                            #! invalid-value
  publish 8080:99999                         #! invalid-value
  publish 53:53/icmp                         #! invalid-value
  device ttyUSB0                             #! invalid-value
  pull sometimes                             #! invalid-value
  tmpfs /run { mode rwx }                    #! invalid-value
  health { test "true"; retries 0 }          #! invalid-value
}
container good {
  image "alpine:3.20"
  network lan
  network web
  gateway lan
  memory 512m; cpus 1.5; shm-size 64m; pids-limit -1
  publish 127.0.0.1:8080:80/tcp
  publish 53:53/udp
  device /dev/ttyUSB0:/dev/zigbee:rw
  pull never
  tmpfs /run { size 64m; mode 1777 }
}
container smallest {
  image "alpine:3.20"
  network lan
  network web
  gateway lan
  memory 6m
}
