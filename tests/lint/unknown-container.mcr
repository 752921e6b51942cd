# unknown-container: `depends-on` names a container that is not declared.
# Each unknown name is reported, also in a list; a dependency declared
# later in the file is fine.

network lan {
  parent eth1
  subnet 10.1.0.0/24 gateway 10.1.0.1
}

container web {
  image "nginx:1.27-alpine"
  network lan ip 10.1.0.10
  depends-on db                              # near miss: declared below
  depends-on cache                           #! unknown-container
}

container app {
  image "alpine:3.20"
  network lan ip 10.1.0.11
  depends-on db dbb web                      #! unknown-container
  depends-on DB                              #! unknown-container
}

container db {
  image "postgres:16"
  network lan ip 10.1.0.12
}
