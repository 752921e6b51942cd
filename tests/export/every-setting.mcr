# Every container setting at least once (tests/compose.rs fails when the
# language has one this file lacks): export to Compose, then import, must
# give the same specs, and Podman's generator must take the quadlet units.
project every

network lan { parent eth1; subnet 10.0.0.0/24 gateway 10.0.0.1 }
network back { driver bridge; subnet 172.30.9.0/24 gateway 172.30.9.1 }

volume data

container db {
  image "postgres:16.4"
  name "every-database"
  pull always
  hostname db
  env POSTGRES_DB = "app"
  env-file db.env
  volume data:/var/lib/postgresql/data
  network lan ip 10.0.0.10
  restart unless-stopped
  health {
    test shell "pg_isready"
    interval 10s
    timeout 5s
    retries 5
  }
}

container app {
  build ctx
  entrypoint "/bin/app" "--serve"
  command "--port" "8080"
  user "1000:1000"
  workdir /srv
  tmpfs /run { size 64m; mode 1777 }
  cap-add NET_ADMIN
  cap-drop MKNOD
  device /dev/null:/dev/app:rwm
  privileged
  read-only
  init
  tty
  stdin-open
  sysctl net.ipv4.ip_forward = "1"
  dns 10.0.0.53
  dns-search home.arpa
  dns-option ndots:2
  extra-host printer = 10.0.0.40
  security-opt no-new-privileges
  label tier = "web"
  stop-signal SIGINT
  stop-grace 20s
  memory 512m
  cpus 1.5
  shm-size 128m
  pids-limit 200
  network lan ip 10.0.0.11
  network back ip 172.30.9.11
  gateway lan
  publish 127.0.0.1:8080:8080
  log json-file { max-size 10m; max-file 3 }
  depends-on db healthy
}
