#pragma once

// The server's open connections, so it can cap them and close them on stop.
// When the cap is reached, the connection that has been idle the longest
// makes room for the newcomer: a scraper must never be locked out by clients
// that open connections and sit on them. Lives on the server's loop thread;
// only size() may be read from elsewhere.

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace unyo::exporter {

class ConnectionRegistry {
 public:
  using Id = std::uint64_t;
  using CloseFunction = std::function<void()>;

  struct Evicted {
    std::string remoteAddress;
    bool wasBusy = false;
  };

  // A newly accepted connection: idle, most recent activity, not yet able to
  // be closed until attach().
  Id add(std::string remoteAddress);
  // Gives the registry the way to close connection `id`. False when the
  // connection was evicted or the registry closed meanwhile: the caller then
  // closes it itself.
  bool attach(Id id, CloseFunction close);
  // Forgets `id`; harmless when it is already gone.
  void remove(Id id);

  // A request has started (busy) or its response is written (idle). Both
  // count as activity.
  void beginRequest(Id id);
  void endRequest(Id id);

  // The connection to close to make room: among idle ones the least recently
  // active; when all are busy, the least recently active of all.
  std::optional<Id> evictionCandidate() const;
  // Removes and closes the eviction candidate.
  std::optional<Evicted> evictOne();

  // Closes and forgets every idle connection (busy ones finish their
  // response first), or all of them.
  void closeIdle();
  void closeAll();

  std::size_t size() const { return size_.load(std::memory_order_relaxed); }

 private:
  struct Entry {
    Id id = 0;
    std::string remoteAddress;
    std::uint64_t lastActivity = 0;  // a tick, not a time: only the order matters
    bool busy = false;
    CloseFunction close;
  };

  Entry* find(Id id);
  void closeWhere(const std::function<bool(const Entry&)>& shouldClose);
  void publishSize() { size_.store(entries_.size(), std::memory_order_relaxed); }

  std::vector<Entry> entries_;
  Id nextId_ = 1;
  std::uint64_t nextTick_ = 1;
  std::atomic<std::size_t> size_{0};
};

}  // namespace unyo::exporter
