# The demo that `scripts/demo` runs end to end on a machine of its own: two
# networks on the two ends of a veth pair the script makes (mcdemo0 and
# mcdemo1, standing in for real NICs), a host shim, and three containers
# from the local test image (busybox, built by scripts/testbed).
#
# On a real host, put your NIC (or a vlan on it) where mcdemo0 is, and a
# real image in place of the test image.

project demo

parent mcdemo0
parent mcdemo1

network front {
  parent mcdemo0
  subnet 10.99.1.0/24 {
    gateway 10.99.1.1
    range 10.99.1.128/26            # Docker's own assignments
  }
}

network back {
  parent mcdemo1
  subnet 10.99.2.0/24 gateway 10.99.2.1
}

shim mcdemo-host {                  # the host's way to the front network
  network front
  address 10.99.1.250/32
  route 10.99.1.0/27                # the static addresses below
}

container db {
  image "macrame-test/busybox:latest"
  command "sleep" "3600"
  init                              # stops at once: PID 1 passes SIGTERM on
  network back ip 10.99.2.10
}

container app {
  image "macrame-test/busybox:latest"
  command "sleep" "3600"
  init                              # stops at once: PID 1 passes SIGTERM on
  network front ip 10.99.1.10
  network back ip 10.99.2.11
  gateway front                     # Docker alone would pick `back` (by name)
  depends-on db
}

container web {
  image "macrame-test/busybox:latest"
  command "sleep" "3600"
  init                              # stops at once: PID 1 passes SIGTERM on
  network front ip 10.99.1.11
  depends-on app
}
