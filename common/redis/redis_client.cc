#include "common/redis/redis_client.h"

#include <hiredis/hiredis.h>

#include <cstdlib>

namespace lifelong::common {
namespace {

RedisReply Convert(const redisReply* r) {
  RedisReply out;
  switch (r->type) {
    case REDIS_REPLY_INTEGER:
      out.type = RedisReply::Type::kInteger;
      out.integer = r->integer;
      break;
    case REDIS_REPLY_STRING:
      out.type = RedisReply::Type::kString;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_STATUS:
      out.type = RedisReply::Type::kStatus;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_ARRAY:
      out.type = RedisReply::Type::kArray;
      for (size_t i = 0; i < r->elements; ++i) {
        out.elements.push_back(Convert(r->element[i]));
      }
      break;
    default:
      out.type = RedisReply::Type::kNil;
  }
  return out;
}

std::string EnvOrEmpty(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
}

}  // namespace

RedisAuth RedisAuth::FromEnvironment() {
  return {EnvOrEmpty("LIFELONG_REDIS_USERNAME"),
          EnvOrEmpty("LIFELONG_REDIS_PASSWORD")};
}

void RedisClient::ContextDeleter::operator()(redisContext* c) const {
  redisFree(c);
}

RedisClient::RedisClient(std::string host, int port, int pool_size,
                         std::chrono::milliseconds timeout, RedisAuth auth)
    : host_(std::move(host)),
      port_(port),
      timeout_(timeout),
      auth_(std::move(auth)),
      free_slots_(pool_size) {}

RedisClient::~RedisClient() = default;

absl::StatusOr<RedisClient::Context> RedisClient::Take(bool* reused) {
  *reused = false;
  std::unique_lock<std::mutex> lock(mu_);
  if (!available_.wait_for(lock, timeout_,
                           [&] { return !idle_.empty() || free_slots_ > 0; })) {
    return absl::UnavailableError("no Redis connection free in time");
  }
  if (!idle_.empty()) {
    Context c = std::move(idle_.back());
    idle_.pop_back();
    *reused = true;
    return c;
  }
  --free_slots_;
  lock.unlock();
  timeval tv{static_cast<time_t>(timeout_.count() / 1000),
             static_cast<suseconds_t>((timeout_.count() % 1000) * 1000)};
  Context c(redisConnectWithTimeout(host_.c_str(), port_, tv));
  if (c == nullptr || c->err) {
    std::string why = c ? c->errstr : "out of memory";
    Give(nullptr);
    return absl::UnavailableError("Redis unreachable: " + why);
  }
  redisSetTimeout(c.get(), tv);
  if (!auth_.password.empty()) {
    std::vector<std::string> argv = {"AUTH"};
    if (!auth_.username.empty()) argv.push_back(auth_.username);
    argv.push_back(auth_.password);
    absl::StatusOr<RedisReply> reply = Run(c.get(), argv);
    if (!reply.ok()) {
      Give(nullptr);
      // WRONGPASS or NOAUTH: a configuration error, which the same call
      // will meet again; the words stay in the log (RpcGuard), never the
      // answer.
      return absl::UnavailableError("Redis refused the credentials: " +
                                    std::string(reply.status().message()));
    }
  }
  return c;
}

void RedisClient::Give(Context context) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (context != nullptr && context->err == 0) {
      idle_.push_back(std::move(context));
    } else {
      ++free_slots_;
    }
  }
  available_.notify_one();
}

void RedisClient::DropIdle() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    free_slots_ += static_cast<int>(idle_.size());
    idle_.clear();
  }
  available_.notify_all();
}

template <typename Work>
absl::StatusOr<RedisReply> RedisClient::OnConnection(Work&& work) {
  for (int attempt = 1;; ++attempt) {
    bool reused = false;
    absl::StatusOr<Context> c = Take(&reused);
    if (!c.ok()) return c.status();
    absl::StatusOr<RedisReply> reply = work(c->get());
    bool broken = (*c)->err != 0;
    Give(std::move(*c));
    if (!broken || !reused || attempt == 2) return reply;
    DropIdle();
  }
}

absl::StatusOr<RedisReply> RedisClient::Run(
    redisContext* c, const std::vector<std::string>& argv) {
  std::vector<const char*> args;
  std::vector<size_t> lens;
  for (const std::string& a : argv) {
    args.push_back(a.data());
    lens.push_back(a.size());
  }
  auto* reply = static_cast<redisReply*>(redisCommandArgv(
      c, static_cast<int>(args.size()), args.data(), lens.data()));
  if (reply == nullptr) {
    return absl::UnavailableError(std::string("Redis: ") + c->errstr);
  }
  std::unique_ptr<redisReply, void (*)(void*)> owned(reply, freeReplyObject);
  if (reply->type == REDIS_REPLY_ERROR) {
    std::string error(reply->str, reply->len);
    // A Redis that is starting (loading its data) or failing over answers
    // later: the same call may then succeed.
    for (const char* transient :
         {"LOADING", "BUSY", "MASTERDOWN", "TRYAGAIN"}) {
      if (error.rfind(transient, 0) == 0) {
        return absl::UnavailableError("Redis: " + error);
      }
    }
    return absl::InternalError("Redis: " + error);
  }
  return Convert(reply);
}

absl::StatusOr<RedisReply> RedisClient::Command(
    const std::vector<std::string>& argv) {
  return OnConnection([&](redisContext* c) { return Run(c, argv); });
}

absl::StatusOr<RedisReply> RedisClient::Transaction(
    const std::vector<std::vector<std::string>>& commands) {
  return OnConnection([&](redisContext* c) {
    absl::StatusOr<RedisReply> reply = Run(c, {"MULTI"});
    for (size_t i = 0; reply.ok() && i < commands.size(); ++i) {
      reply = Run(c, commands[i]);
    }
    if (reply.ok()) {
      reply = Run(c, {"EXEC"});
    } else if (c->err == 0) {
      Run(c, {"DISCARD"}).IgnoreError();
    }
    return reply;
  });
}

}  // namespace lifelong::common
