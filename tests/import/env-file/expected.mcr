# Imported by `macrame import` from compose.yaml.
# What Compose has no macrame equivalent for is kept below as comments.

project env-file

network lan {
  parent enp3s0
  subnet 10.20.30.0/24 {
    gateway 10.20.30.1
  }
}

container web {
  image "nginx:1.27-alpine"
  env MODE = "dev"
  env SUFFIX = "-prod"
  network lan ip 10.20.30.10
}
