// Built from static/src/diana.ts by `deno task bundle` (Deno 2.9.6): edit the source, not this file.
(() => {
  // static/src/signalr_global.ts
  var signalR = globalThis.signalR;
  if (!signalR) {
    throw new Error("Load /lib/signalr/signalr.min.js before the page script: it needs `signalR`.");
  }
  var HubConnectionBuilder = signalR.HubConnectionBuilder;
  var HubConnectionState = signalR.HubConnectionState;
  var LogLevel = signalR.LogLevel;

  // node_modules/.deno/tslib@2.9.1/node_modules/tslib/tslib.es6.mjs
  var extendStatics = function(d, b) {
    extendStatics = Object.setPrototypeOf || {
      __proto__: []
    } instanceof Array && function(d2, b2) {
      d2.__proto__ = b2;
    } || function(d2, b2) {
      for (var p in b2) if (Object.prototype.hasOwnProperty.call(b2, p)) d2[p] = b2[p];
    };
    return extendStatics(d, b);
  };
  function __extends(d, b) {
    if (typeof b !== "function" && b !== null) throw new TypeError("Class extends value " + String(b) + " is not a constructor or null");
    extendStatics(d, b);
    function __() {
      this.constructor = d;
    }
    d.prototype = b === null ? Object.create(b) : (__.prototype = b.prototype, new __());
  }
  function __values(o) {
    var s = typeof Symbol === "function" && Symbol.iterator, m = s && o[s], i = 0;
    if (m) return m.call(o);
    if (o && typeof o.length === "number") return {
      next: function() {
        if (o && i >= o.length) o = void 0;
        return {
          value: o && o[i++],
          done: !o
        };
      }
    };
    throw new TypeError(s ? "Object is not iterable." : "Symbol.iterator is not defined.");
  }
  function __read(o, n) {
    var m = typeof Symbol === "function" && o[Symbol.iterator];
    if (!m) return o;
    var i = m.call(o), r, ar = [], e;
    try {
      while ((n === void 0 || n-- > 0) && !(r = i.next()).done) ar.push(r.value);
    } catch (error) {
      e = {
        error
      };
    } finally {
      try {
        if (r && !r.done && (m = i["return"])) m.call(i);
      } finally {
        if (e) throw e.error;
      }
    }
    return ar;
  }
  function __spreadArray(to, from, pack) {
    if (pack || arguments.length === 2) for (var i = 0, l = from.length, ar; i < l; i++) {
      if (ar || !(i in from)) {
        if (!ar) ar = Array.prototype.slice.call(from, 0, i);
        ar[i] = from[i];
      }
    }
    return to.concat(ar || Array.prototype.slice.call(from));
  }

  // node_modules/.deno/rxjs@7.8.2/node_modules/rxjs/dist/esm5/internal/util/isFunction.js
  function isFunction(value) {
    return typeof value === "function";
  }

  // node_modules/.deno/rxjs@7.8.2/node_modules/rxjs/dist/esm5/internal/util/createErrorClass.js
  function createErrorClass(createImpl) {
    var _super = function(instance) {
      Error.call(instance);
      instance.stack = new Error().stack;
    };
    var ctorFunc = createImpl(_super);
    ctorFunc.prototype = Object.create(Error.prototype);
    ctorFunc.prototype.constructor = ctorFunc;
    return ctorFunc;
  }

  // node_modules/.deno/rxjs@7.8.2/node_modules/rxjs/dist/esm5/internal/util/UnsubscriptionError.js
  var UnsubscriptionError = createErrorClass(function(_super) {
    return function UnsubscriptionErrorImpl(errors2) {
      _super(this);
      this.message = errors2 ? errors2.length + " errors occurred during unsubscription:\n" + errors2.map(function(err, i) {
        return i + 1 + ") " + err.toString();
      }).join("\n  ") : "";
      this.name = "UnsubscriptionError";
      this.errors = errors2;
    };
  });

  // node_modules/.deno/rxjs@7.8.2/node_modules/rxjs/dist/esm5/internal/util/arrRemove.js
  function arrRemove(arr, item) {
    if (arr) {
      var index = arr.indexOf(item);
      0 <= index && arr.splice(index, 1);
    }
  }

  // node_modules/.deno/rxjs@7.8.2/node_modules/rxjs/dist/esm5/internal/Subscription.js
  var Subscription = function() {
    function Subscription2(initialTeardown) {
      this.initialTeardown = initialTeardown;
      this.closed = false;
      this._parentage = null;
      this._finalizers = null;
    }
    Subscription2.prototype.unsubscribe = function() {
      var e_1, _a, e_2, _b;
      var errors2;
      if (!this.closed) {
        this.closed = true;
        var _parentage = this._parentage;
        if (_parentage) {
          this._parentage = null;
          if (Array.isArray(_parentage)) {
            try {
              for (var _parentage_1 = __values(_parentage), _parentage_1_1 = _parentage_1.next(); !_parentage_1_1.done; _parentage_1_1 = _parentage_1.next()) {
                var parent_1 = _parentage_1_1.value;
                parent_1.remove(this);
              }
            } catch (e_1_1) {
              e_1 = {
                error: e_1_1
              };
            } finally {
              try {
                if (_parentage_1_1 && !_parentage_1_1.done && (_a = _parentage_1.return)) _a.call(_parentage_1);
              } finally {
                if (e_1) throw e_1.error;
              }
            }
          } else {
            _parentage.remove(this);
          }
        }
        var initialFinalizer = this.initialTeardown;
        if (isFunction(initialFinalizer)) {
          try {
            initialFinalizer();
          } catch (e) {
            errors2 = e instanceof UnsubscriptionError ? e.errors : [
              e
            ];
          }
        }
        var _finalizers = this._finalizers;
        if (_finalizers) {
          this._finalizers = null;
          try {
            for (var _finalizers_1 = __values(_finalizers), _finalizers_1_1 = _finalizers_1.next(); !_finalizers_1_1.done; _finalizers_1_1 = _finalizers_1.next()) {
              var finalizer = _finalizers_1_1.value;
              try {
                execFinalizer(finalizer);
              } catch (err) {
                errors2 = errors2 !== null && errors2 !== void 0 ? errors2 : [];
                if (err instanceof UnsubscriptionError) {
                  errors2 = __spreadArray(__spreadArray([], __read(errors2)), __read(err.errors));
                } else {
                  errors2.push(err);
                }
              }
            }
          } catch (e_2_1) {
            e_2 = {
              error: e_2_1
            };
          } finally {
            try {
              if (_finalizers_1_1 && !_finalizers_1_1.done && (_b = _finalizers_1.return)) _b.call(_finalizers_1);
            } finally {
              if (e_2) throw e_2.error;
            }
          }
        }
        if (errors2) {
          throw new UnsubscriptionError(errors2);
        }
      }
    };
    Subscription2.prototype.add = function(teardown) {
      var _a;
      if (teardown && teardown !== this) {
        if (this.closed) {
          execFinalizer(teardown);
        } else {
          if (teardown instanceof Subscription2) {
            if (teardown.closed || teardown._hasParent(this)) {
              return;
            }
            teardown._addParent(this);
          }
          (this._finalizers = (_a = this._finalizers) !== null && _a !== void 0 ? _a : []).push(teardown);
        }
      }
    };
    Subscription2.prototype._hasParent = function(parent) {
      var _parentage = this._parentage;
      return _parentage === parent || Array.isArray(_parentage) && _parentage.includes(parent);
    };
    Subscription2.prototype._addParent = function(parent) {
      var _parentage = this._parentage;
      this._parentage = Array.isArray(_parentage) ? (_parentage.push(parent), _parentage) : _parentage ? [
        _parentage,
        parent
      ] : parent;
    };
    Subscription2.prototype._removeParent = function(parent) {
      var _parentage = this._parentage;
      if (_parentage === parent) {
        this._parentage = null;
      } else if (Array.isArray(_parentage)) {
        arrRemove(_parentage, parent);
      }
    };
    Subscription2.prototype.remove = function(teardown) {
      var _finalizers = this._finalizers;
      _finalizers && arrRemove(_finalizers, teardown);
      if (teardown instanceof Subscription2) {
        teardown._removeParent(this);
      }
    };
    Subscription2.EMPTY = function() {
      var empty = new Subscription2();
      empty.closed = true;
      return empty;
    }();
    return Subscription2;
  }();
  var EMPTY_SUBSCRIPTION = Subscription.EMPTY;
  function isSubscription(value) {
    return value instanceof Subscription || value && "closed" in value && isFunction(value.remove) && isFunction(value.add) && isFunction(value.unsubscribe);
  }
  function execFinalizer(finalizer) {
    if (isFunction(finalizer)) {
      finalizer();
    } else {
      finalizer.unsubscribe();
    }
  }

  // node_modules/.deno/rxjs@7.8.2/node_modules/rxjs/dist/esm5/internal/config.js
  var config = {
    onUnhandledError: null,
    onStoppedNotification: null,
    Promise: void 0,
    useDeprecatedSynchronousErrorHandling: false,
    useDeprecatedNextContext: false
  };

  // node_modules/.deno/rxjs@7.8.2/node_modules/rxjs/dist/esm5/internal/scheduler/timeoutProvider.js
  var timeoutProvider = {
    setTimeout: function(handler, timeout) {
      var args = [];
      for (var _i = 2; _i < arguments.length; _i++) {
        args[_i - 2] = arguments[_i];
      }
      var delegate = timeoutProvider.delegate;
      if (delegate === null || delegate === void 0 ? void 0 : delegate.setTimeout) {
        return delegate.setTimeout.apply(delegate, __spreadArray([
          handler,
          timeout
        ], __read(args)));
      }
      return setTimeout.apply(void 0, __spreadArray([
        handler,
        timeout
      ], __read(args)));
    },
    clearTimeout: function(handle) {
      var delegate = timeoutProvider.delegate;
      return ((delegate === null || delegate === void 0 ? void 0 : delegate.clearTimeout) || clearTimeout)(handle);
    },
    delegate: void 0
  };

  // node_modules/.deno/rxjs@7.8.2/node_modules/rxjs/dist/esm5/internal/util/reportUnhandledError.js
  function reportUnhandledError(err) {
    timeoutProvider.setTimeout(function() {
      var onUnhandledError = config.onUnhandledError;
      if (onUnhandledError) {
        onUnhandledError(err);
      } else {
        throw err;
      }
    });
  }

  // node_modules/.deno/rxjs@7.8.2/node_modules/rxjs/dist/esm5/internal/util/noop.js
  function noop() {
  }

  // node_modules/.deno/rxjs@7.8.2/node_modules/rxjs/dist/esm5/internal/NotificationFactories.js
  var COMPLETE_NOTIFICATION = function() {
    return createNotification("C", void 0, void 0);
  }();
  function errorNotification(error) {
    return createNotification("E", void 0, error);
  }
  function nextNotification(value) {
    return createNotification("N", value, void 0);
  }
  function createNotification(kind, value, error) {
    return {
      kind,
      value,
      error
    };
  }

  // node_modules/.deno/rxjs@7.8.2/node_modules/rxjs/dist/esm5/internal/util/errorContext.js
  var context = null;
  function errorContext(cb) {
    if (config.useDeprecatedSynchronousErrorHandling) {
      var isRoot = !context;
      if (isRoot) {
        context = {
          errorThrown: false,
          error: null
        };
      }
      cb();
      if (isRoot) {
        var _a = context, errorThrown = _a.errorThrown, error = _a.error;
        context = null;
        if (errorThrown) {
          throw error;
        }
      }
    } else {
      cb();
    }
  }
  function captureError(err) {
    if (config.useDeprecatedSynchronousErrorHandling && context) {
      context.errorThrown = true;
      context.error = err;
    }
  }

  // node_modules/.deno/rxjs@7.8.2/node_modules/rxjs/dist/esm5/internal/Subscriber.js
  var Subscriber = function(_super) {
    __extends(Subscriber2, _super);
    function Subscriber2(destination) {
      var _this = _super.call(this) || this;
      _this.isStopped = false;
      if (destination) {
        _this.destination = destination;
        if (isSubscription(destination)) {
          destination.add(_this);
        }
      } else {
        _this.destination = EMPTY_OBSERVER;
      }
      return _this;
    }
    Subscriber2.create = function(next, error, complete) {
      return new SafeSubscriber(next, error, complete);
    };
    Subscriber2.prototype.next = function(value) {
      if (this.isStopped) {
        handleStoppedNotification(nextNotification(value), this);
      } else {
        this._next(value);
      }
    };
    Subscriber2.prototype.error = function(err) {
      if (this.isStopped) {
        handleStoppedNotification(errorNotification(err), this);
      } else {
        this.isStopped = true;
        this._error(err);
      }
    };
    Subscriber2.prototype.complete = function() {
      if (this.isStopped) {
        handleStoppedNotification(COMPLETE_NOTIFICATION, this);
      } else {
        this.isStopped = true;
        this._complete();
      }
    };
    Subscriber2.prototype.unsubscribe = function() {
      if (!this.closed) {
        this.isStopped = true;
        _super.prototype.unsubscribe.call(this);
        this.destination = null;
      }
    };
    Subscriber2.prototype._next = function(value) {
      this.destination.next(value);
    };
    Subscriber2.prototype._error = function(err) {
      try {
        this.destination.error(err);
      } finally {
        this.unsubscribe();
      }
    };
    Subscriber2.prototype._complete = function() {
      try {
        this.destination.complete();
      } finally {
        this.unsubscribe();
      }
    };
    return Subscriber2;
  }(Subscription);
  var _bind = Function.prototype.bind;
  function bind(fn, thisArg) {
    return _bind.call(fn, thisArg);
  }
  var ConsumerObserver = function() {
    function ConsumerObserver2(partialObserver) {
      this.partialObserver = partialObserver;
    }
    ConsumerObserver2.prototype.next = function(value) {
      var partialObserver = this.partialObserver;
      if (partialObserver.next) {
        try {
          partialObserver.next(value);
        } catch (error) {
          handleUnhandledError(error);
        }
      }
    };
    ConsumerObserver2.prototype.error = function(err) {
      var partialObserver = this.partialObserver;
      if (partialObserver.error) {
        try {
          partialObserver.error(err);
        } catch (error) {
          handleUnhandledError(error);
        }
      } else {
        handleUnhandledError(err);
      }
    };
    ConsumerObserver2.prototype.complete = function() {
      var partialObserver = this.partialObserver;
      if (partialObserver.complete) {
        try {
          partialObserver.complete();
        } catch (error) {
          handleUnhandledError(error);
        }
      }
    };
    return ConsumerObserver2;
  }();
  var SafeSubscriber = function(_super) {
    __extends(SafeSubscriber2, _super);
    function SafeSubscriber2(observerOrNext, error, complete) {
      var _this = _super.call(this) || this;
      var partialObserver;
      if (isFunction(observerOrNext) || !observerOrNext) {
        partialObserver = {
          next: observerOrNext !== null && observerOrNext !== void 0 ? observerOrNext : void 0,
          error: error !== null && error !== void 0 ? error : void 0,
          complete: complete !== null && complete !== void 0 ? complete : void 0
        };
      } else {
        var context_1;
        if (_this && config.useDeprecatedNextContext) {
          context_1 = Object.create(observerOrNext);
          context_1.unsubscribe = function() {
            return _this.unsubscribe();
          };
          partialObserver = {
            next: observerOrNext.next && bind(observerOrNext.next, context_1),
            error: observerOrNext.error && bind(observerOrNext.error, context_1),
            complete: observerOrNext.complete && bind(observerOrNext.complete, context_1)
          };
        } else {
          partialObserver = observerOrNext;
        }
      }
      _this.destination = new ConsumerObserver(partialObserver);
      return _this;
    }
    return SafeSubscriber2;
  }(Subscriber);
  function handleUnhandledError(error) {
    if (config.useDeprecatedSynchronousErrorHandling) {
      captureError(error);
    } else {
      reportUnhandledError(error);
    }
  }
  function defaultErrorHandler(err) {
    throw err;
  }
  function handleStoppedNotification(notification, subscriber) {
    var onStoppedNotification = config.onStoppedNotification;
    onStoppedNotification && timeoutProvider.setTimeout(function() {
      return onStoppedNotification(notification, subscriber);
    });
  }
  var EMPTY_OBSERVER = {
    closed: true,
    next: noop,
    error: defaultErrorHandler,
    complete: noop
  };

  // node_modules/.deno/rxjs@7.8.2/node_modules/rxjs/dist/esm5/internal/symbol/observable.js
  var observable = function() {
    return typeof Symbol === "function" && Symbol.observable || "@@observable";
  }();

  // node_modules/.deno/rxjs@7.8.2/node_modules/rxjs/dist/esm5/internal/util/identity.js
  function identity(x) {
    return x;
  }

  // node_modules/.deno/rxjs@7.8.2/node_modules/rxjs/dist/esm5/internal/util/pipe.js
  function pipeFromArray(fns) {
    if (fns.length === 0) {
      return identity;
    }
    if (fns.length === 1) {
      return fns[0];
    }
    return function piped(input) {
      return fns.reduce(function(prev, fn) {
        return fn(prev);
      }, input);
    };
  }

  // node_modules/.deno/rxjs@7.8.2/node_modules/rxjs/dist/esm5/internal/Observable.js
  var Observable = function() {
    function Observable2(subscribe) {
      if (subscribe) {
        this._subscribe = subscribe;
      }
    }
    Observable2.prototype.lift = function(operator) {
      var observable2 = new Observable2();
      observable2.source = this;
      observable2.operator = operator;
      return observable2;
    };
    Observable2.prototype.subscribe = function(observerOrNext, error, complete) {
      var _this = this;
      var subscriber = isSubscriber(observerOrNext) ? observerOrNext : new SafeSubscriber(observerOrNext, error, complete);
      errorContext(function() {
        var _a = _this, operator = _a.operator, source = _a.source;
        subscriber.add(operator ? operator.call(subscriber, source) : source ? _this._subscribe(subscriber) : _this._trySubscribe(subscriber));
      });
      return subscriber;
    };
    Observable2.prototype._trySubscribe = function(sink) {
      try {
        return this._subscribe(sink);
      } catch (err) {
        sink.error(err);
      }
    };
    Observable2.prototype.forEach = function(next, promiseCtor) {
      var _this = this;
      promiseCtor = getPromiseCtor(promiseCtor);
      return new promiseCtor(function(resolve, reject) {
        var subscriber = new SafeSubscriber({
          next: function(value) {
            try {
              next(value);
            } catch (err) {
              reject(err);
              subscriber.unsubscribe();
            }
          },
          error: reject,
          complete: resolve
        });
        _this.subscribe(subscriber);
      });
    };
    Observable2.prototype._subscribe = function(subscriber) {
      var _a;
      return (_a = this.source) === null || _a === void 0 ? void 0 : _a.subscribe(subscriber);
    };
    Observable2.prototype[observable] = function() {
      return this;
    };
    Observable2.prototype.pipe = function() {
      var operations = [];
      for (var _i = 0; _i < arguments.length; _i++) {
        operations[_i] = arguments[_i];
      }
      return pipeFromArray(operations)(this);
    };
    Observable2.prototype.toPromise = function(promiseCtor) {
      var _this = this;
      promiseCtor = getPromiseCtor(promiseCtor);
      return new promiseCtor(function(resolve, reject) {
        var value;
        _this.subscribe(function(x) {
          return value = x;
        }, function(err) {
          return reject(err);
        }, function() {
          return resolve(value);
        });
      });
    };
    Observable2.create = function(subscribe) {
      return new Observable2(subscribe);
    };
    return Observable2;
  }();
  function getPromiseCtor(promiseCtor) {
    var _a;
    return (_a = promiseCtor !== null && promiseCtor !== void 0 ? promiseCtor : config.Promise) !== null && _a !== void 0 ? _a : Promise;
  }
  function isObserver(value) {
    return value && isFunction(value.next) && isFunction(value.error) && isFunction(value.complete);
  }
  function isSubscriber(value) {
    return value && value instanceof Subscriber || isObserver(value) && isSubscription(value);
  }

  // node_modules/.deno/rxjs@7.8.2/node_modules/rxjs/dist/esm5/internal/util/lift.js
  function hasLift(source) {
    return isFunction(source === null || source === void 0 ? void 0 : source.lift);
  }
  function operate(init) {
    return function(source) {
      if (hasLift(source)) {
        return source.lift(function(liftedSource) {
          try {
            return init(liftedSource, this);
          } catch (err) {
            this.error(err);
          }
        });
      }
      throw new TypeError("Unable to lift unknown Observable type");
    };
  }

  // node_modules/.deno/rxjs@7.8.2/node_modules/rxjs/dist/esm5/internal/operators/OperatorSubscriber.js
  function createOperatorSubscriber(destination, onNext, onComplete, onError, onFinalize) {
    return new OperatorSubscriber(destination, onNext, onComplete, onError, onFinalize);
  }
  var OperatorSubscriber = function(_super) {
    __extends(OperatorSubscriber2, _super);
    function OperatorSubscriber2(destination, onNext, onComplete, onError, onFinalize, shouldUnsubscribe) {
      var _this = _super.call(this, destination) || this;
      _this.onFinalize = onFinalize;
      _this.shouldUnsubscribe = shouldUnsubscribe;
      _this._next = onNext ? function(value) {
        try {
          onNext(value);
        } catch (err) {
          destination.error(err);
        }
      } : _super.prototype._next;
      _this._error = onError ? function(err) {
        try {
          onError(err);
        } catch (err2) {
          destination.error(err2);
        } finally {
          this.unsubscribe();
        }
      } : _super.prototype._error;
      _this._complete = onComplete ? function() {
        try {
          onComplete();
        } catch (err) {
          destination.error(err);
        } finally {
          this.unsubscribe();
        }
      } : _super.prototype._complete;
      return _this;
    }
    OperatorSubscriber2.prototype.unsubscribe = function() {
      var _a;
      if (!this.shouldUnsubscribe || this.shouldUnsubscribe()) {
        var closed_1 = this.closed;
        _super.prototype.unsubscribe.call(this);
        !closed_1 && ((_a = this.onFinalize) === null || _a === void 0 ? void 0 : _a.call(this));
      }
    };
    return OperatorSubscriber2;
  }(Subscriber);

  // node_modules/.deno/rxjs@7.8.2/node_modules/rxjs/dist/esm5/internal/util/ObjectUnsubscribedError.js
  var ObjectUnsubscribedError = createErrorClass(function(_super) {
    return function ObjectUnsubscribedErrorImpl() {
      _super(this);
      this.name = "ObjectUnsubscribedError";
      this.message = "object unsubscribed";
    };
  });

  // node_modules/.deno/rxjs@7.8.2/node_modules/rxjs/dist/esm5/internal/Subject.js
  var Subject = function(_super) {
    __extends(Subject2, _super);
    function Subject2() {
      var _this = _super.call(this) || this;
      _this.closed = false;
      _this.currentObservers = null;
      _this.observers = [];
      _this.isStopped = false;
      _this.hasError = false;
      _this.thrownError = null;
      return _this;
    }
    Subject2.prototype.lift = function(operator) {
      var subject = new AnonymousSubject(this, this);
      subject.operator = operator;
      return subject;
    };
    Subject2.prototype._throwIfClosed = function() {
      if (this.closed) {
        throw new ObjectUnsubscribedError();
      }
    };
    Subject2.prototype.next = function(value) {
      var _this = this;
      errorContext(function() {
        var e_1, _a;
        _this._throwIfClosed();
        if (!_this.isStopped) {
          if (!_this.currentObservers) {
            _this.currentObservers = Array.from(_this.observers);
          }
          try {
            for (var _b = __values(_this.currentObservers), _c = _b.next(); !_c.done; _c = _b.next()) {
              var observer = _c.value;
              observer.next(value);
            }
          } catch (e_1_1) {
            e_1 = {
              error: e_1_1
            };
          } finally {
            try {
              if (_c && !_c.done && (_a = _b.return)) _a.call(_b);
            } finally {
              if (e_1) throw e_1.error;
            }
          }
        }
      });
    };
    Subject2.prototype.error = function(err) {
      var _this = this;
      errorContext(function() {
        _this._throwIfClosed();
        if (!_this.isStopped) {
          _this.hasError = _this.isStopped = true;
          _this.thrownError = err;
          var observers = _this.observers;
          while (observers.length) {
            observers.shift().error(err);
          }
        }
      });
    };
    Subject2.prototype.complete = function() {
      var _this = this;
      errorContext(function() {
        _this._throwIfClosed();
        if (!_this.isStopped) {
          _this.isStopped = true;
          var observers = _this.observers;
          while (observers.length) {
            observers.shift().complete();
          }
        }
      });
    };
    Subject2.prototype.unsubscribe = function() {
      this.isStopped = this.closed = true;
      this.observers = this.currentObservers = null;
    };
    Object.defineProperty(Subject2.prototype, "observed", {
      get: function() {
        var _a;
        return ((_a = this.observers) === null || _a === void 0 ? void 0 : _a.length) > 0;
      },
      enumerable: false,
      configurable: true
    });
    Subject2.prototype._trySubscribe = function(subscriber) {
      this._throwIfClosed();
      return _super.prototype._trySubscribe.call(this, subscriber);
    };
    Subject2.prototype._subscribe = function(subscriber) {
      this._throwIfClosed();
      this._checkFinalizedStatuses(subscriber);
      return this._innerSubscribe(subscriber);
    };
    Subject2.prototype._innerSubscribe = function(subscriber) {
      var _this = this;
      var _a = this, hasError = _a.hasError, isStopped = _a.isStopped, observers = _a.observers;
      if (hasError || isStopped) {
        return EMPTY_SUBSCRIPTION;
      }
      this.currentObservers = null;
      observers.push(subscriber);
      return new Subscription(function() {
        _this.currentObservers = null;
        arrRemove(observers, subscriber);
      });
    };
    Subject2.prototype._checkFinalizedStatuses = function(subscriber) {
      var _a = this, hasError = _a.hasError, thrownError = _a.thrownError, isStopped = _a.isStopped;
      if (hasError) {
        subscriber.error(thrownError);
      } else if (isStopped) {
        subscriber.complete();
      }
    };
    Subject2.prototype.asObservable = function() {
      var observable2 = new Observable();
      observable2.source = this;
      return observable2;
    };
    Subject2.create = function(destination, source) {
      return new AnonymousSubject(destination, source);
    };
    return Subject2;
  }(Observable);
  var AnonymousSubject = function(_super) {
    __extends(AnonymousSubject2, _super);
    function AnonymousSubject2(destination, source) {
      var _this = _super.call(this) || this;
      _this.destination = destination;
      _this.source = source;
      return _this;
    }
    AnonymousSubject2.prototype.next = function(value) {
      var _a, _b;
      (_b = (_a = this.destination) === null || _a === void 0 ? void 0 : _a.next) === null || _b === void 0 ? void 0 : _b.call(_a, value);
    };
    AnonymousSubject2.prototype.error = function(err) {
      var _a, _b;
      (_b = (_a = this.destination) === null || _a === void 0 ? void 0 : _a.error) === null || _b === void 0 ? void 0 : _b.call(_a, err);
    };
    AnonymousSubject2.prototype.complete = function() {
      var _a, _b;
      (_b = (_a = this.destination) === null || _a === void 0 ? void 0 : _a.complete) === null || _b === void 0 ? void 0 : _b.call(_a);
    };
    AnonymousSubject2.prototype._subscribe = function(subscriber) {
      var _a, _b;
      return (_b = (_a = this.source) === null || _a === void 0 ? void 0 : _a.subscribe(subscriber)) !== null && _b !== void 0 ? _b : EMPTY_SUBSCRIPTION;
    };
    return AnonymousSubject2;
  }(Subject);

  // node_modules/.deno/rxjs@7.8.2/node_modules/rxjs/dist/esm5/internal/BehaviorSubject.js
  var BehaviorSubject = function(_super) {
    __extends(BehaviorSubject2, _super);
    function BehaviorSubject2(_value) {
      var _this = _super.call(this) || this;
      _this._value = _value;
      return _this;
    }
    Object.defineProperty(BehaviorSubject2.prototype, "value", {
      get: function() {
        return this.getValue();
      },
      enumerable: false,
      configurable: true
    });
    BehaviorSubject2.prototype._subscribe = function(subscriber) {
      var subscription = _super.prototype._subscribe.call(this, subscriber);
      !subscription.closed && subscriber.next(this._value);
      return subscription;
    };
    BehaviorSubject2.prototype.getValue = function() {
      var _a = this, hasError = _a.hasError, thrownError = _a.thrownError, _value = _a._value;
      if (hasError) {
        throw thrownError;
      }
      this._throwIfClosed();
      return _value;
    };
    BehaviorSubject2.prototype.next = function(value) {
      _super.prototype.next.call(this, this._value = value);
    };
    return BehaviorSubject2;
  }(Subject);

  // node_modules/.deno/rxjs@7.8.2/node_modules/rxjs/dist/esm5/internal/operators/distinctUntilChanged.js
  function distinctUntilChanged(comparator, keySelector) {
    if (keySelector === void 0) {
      keySelector = identity;
    }
    comparator = comparator !== null && comparator !== void 0 ? comparator : defaultCompare;
    return operate(function(source, subscriber) {
      var previousKey;
      var first = true;
      source.subscribe(createOperatorSubscriber(subscriber, function(value) {
        var currentKey = keySelector(value);
        if (first || !comparator(previousKey, currentKey)) {
          first = false;
          previousKey = currentKey;
          subscriber.next(value);
        }
      }));
    });
  }
  function defaultCompare(a, b) {
    return a === b;
  }

  // client/options.ts
  function buildConnection(url, options = {}) {
    const http = {
      ...options.http
    };
    if (options.accessTokenFactory) http.accessTokenFactory = options.accessTokenFactory;
    if (options.transport !== void 0) http.transport = options.transport;
    const builder = new HubConnectionBuilder().withUrl(url, http).configureLogging(options.logger ?? LogLevel.Warning);
    withReconnect(builder, options.reconnect);
    if (options.protocol) builder.withHubProtocol(options.protocol);
    if (options.statefulReconnect) builder.withStatefulReconnect();
    return builder.build();
  }
  function withReconnect(builder, reconnect) {
    if (reconnect === void 0) builder.withAutomaticReconnect();
    else if (reconnect === false) return;
    else if ("nextRetryDelayInMilliseconds" in reconnect) builder.withAutomaticReconnect(reconnect);
    else builder.withAutomaticReconnect([
      ...reconnect
    ]);
  }

  // client/hub_client.ts
  var HubClient = class {
    /** The official connection underneath, for what this class does not cover. */
    connection;
    /** The connection state now and on every change. */
    state$;
    /**
     * Emits each time the connection closes for good: after `stop()`, once
     * reconnect retries run out, or on a drop without automatic reconnect;
     * with the error the official client gives, if any.
     */
    closed$;
    /** Emits what a `rejoin` action threw. */
    errors$;
    #state = new BehaviorSubject("disconnected");
    #closed = new Subject();
    #errors = new Subject();
    #rejoins = /* @__PURE__ */ new Set();
    /** Counts closes: a (re)connect that finished after a close must not claim `connected`. */
    #closes = 0;
    /** Wraps an official connection; `hubClient(url, options)` builds one for you. */
    constructor(connection) {
      this.connection = connection;
      this.state$ = this.#state.pipe(distinctUntilChanged());
      this.closed$ = this.#closed.asObservable();
      this.errors$ = this.#errors.asObservable();
      connection.onreconnecting(() => this.#state.next("reconnecting"));
      connection.onreconnected(() => void this.#connected());
      connection.onclose((error) => {
        this.#closes++;
        this.#state.next("disconnected");
        this.#closed.next(error);
      });
    }
    /** The connection state now. */
    get state() {
      return this.#state.value;
    }
    /**
     * Connects, then runs every `rejoin` action; rejects if the connection
     * cannot be made, or is not disconnected (the state stays as it is then).
     */
    async start() {
      if (this.connection.state !== HubConnectionState.Disconnected) return this.connection.start();
      this.#state.next("connecting");
      try {
        await this.connection.start();
      } catch (error) {
        this.#state.next("disconnected");
        throw error;
      }
      await this.#connected();
    }
    /** Closes the connection; no reconnect follows. */
    async stop() {
      await this.connection.stop();
    }
    /** Invokes server method `method` and resolves with its result. */
    invoke(method, ...args) {
      return this.connection.invoke(method, ...args);
    }
    /** Invokes server method `method` without waiting for it to run. */
    send(method, ...args) {
      return this.connection.send(method, ...args);
    }
    /**
     * The items of streaming server method `method`: it is invoked on each
     * subscription; unsubscribing before the end cancels it on the server.
     */
    stream(method, ...args) {
      return new Observable((subscriber) => {
        let ended = false;
        const items = this.connection.stream(method, ...args);
        const subscription = items.subscribe({
          next: (item) => subscriber.next(item),
          error: (error) => {
            ended = true;
            subscriber.error(error);
          },
          complete: () => {
            ended = true;
            subscriber.complete();
          }
        });
        return () => {
          if (!ended) subscription.dispose();
        };
      });
    }
    /**
     * Event `event` as an Observable: each subscription registers a handler on
     * the connection and unsubscribing removes it. Emits the argument of a
     * one-argument event, the argument tuple of a longer one, nothing of an
     * event without arguments (see `EventPayload`).
     */
    on(event) {
      return new Observable((subscriber) => {
        const handler = (...args) => {
          const payload = args.length === 0 ? void 0 : args.length === 1 ? args[0] : args;
          subscriber.next(payload);
        };
        this.connection.on(event, handler);
        return () => this.connection.off(event, handler);
      });
    }
    /**
     * Runs `action` after every (re)connect from now on (a `start()`, or an
     * automatic reconnect), before the state turns `connected`: the server
     * forgets a connection's groups, so this is where to join them again.
     * Not run at once. Returns a function that removes it; its errors go to
     * `errors$`.
     *
     * @example
     * ```ts
     * import { hubClient } from "./hub_client.ts";
     * import type { ChatContract } from "../hubs/chat/contract.ts";
     * const chat = hubClient<ChatContract>("http://127.0.0.1:8000/hubs/chat");
     * const stopRejoining = chat.rejoin(() => chat.invoke("JoinRoom", "Ann", "lobby"));
     * stopRejoining();
     * ```
     */
    rejoin(action) {
      const entry = () => action();
      this.#rejoins.add(entry);
      return () => this.#rejoins.delete(entry);
    }
    async #connected() {
      const closes = this.#closes;
      await Promise.all([
        ...this.#rejoins
      ].map(async (action) => {
        try {
          await action();
        } catch (error) {
          this.#errors.next(error);
        }
      }));
      const stillUp = this.connection.state === HubConnectionState.Connected;
      if (stillUp && closes === this.#closes) this.#state.next("connected");
    }
  };
  function hubClient(url, options = {}) {
    return new HubClient(buildConnection(url, options));
  }

  // hubs/diana/contract.ts
  var DIANA_HUB_PATH = "/hubs/notification";

  // static/src/page.ts
  function byId(id) {
    return document.getElementById(id);
  }
  function messageOf(error) {
    return error instanceof Error ? error.message : String(error);
  }
  function explain(error) {
    const text = messageOf(error);
    const marker = "HubException: ";
    const at = text.lastIndexOf(marker);
    return at === -1 ? text : text.slice(at + marker.length);
  }
  function errorBox() {
    const box = byId("error");
    const text = byId("error-text");
    const clear = () => {
      box.hidden = true;
      text.textContent = "";
    };
    byId("error-dismiss").addEventListener("click", clear);
    return {
      show(error) {
        text.textContent = typeof error === "string" ? error : explain(error);
        box.hidden = false;
      },
      clear
    };
  }

  // static/src/session_api.ts
  function pageSession() {
    return globalThis.switchboardSession;
  }

  // static/src/diana_voice_api.ts
  function dianaVoice() {
    return globalThis.dianaVoice;
  }

  // static/src/scorecard.ts
  function showScorecard(card) {
    byId("scorecard-outcome").textContent = card.reason;
    const seconds = Math.round(card.durationMs / 1e3);
    const values = {
      score: `${card.score} / 100`,
      resolution: card.resolution,
      empathy: `${card.empathy} / 100`,
      duration: `${Math.floor(seconds / 60)} min ${seconds % 60} s`,
      turns: String(card.turns),
      interruptions: String(card.interruptions)
    };
    for (const [name, value] of Object.entries(values)) {
      byId(`scorecard-${name}`).textContent = value;
    }
    const curve = card.moodCurve;
    const step = 300 / Math.max(1, curve.length - 1);
    byId("mood-line").setAttribute("points", curve.map((m, i) => `${i * step},${100 - m}`).join(" "));
    byId("mood-curve").setAttribute("aria-label", `Customer mood: ${curve.join(", ")} out of 100`);
    byId("mood-caption").textContent = `Customer mood: ${curve[0]} \u2192 ${curve.at(-1)} (out of 100)`;
    const tips = card.tips.map((tip) => Object.assign(document.createElement("li"), {
      textContent: tip
    }));
    byId("scorecard-tips").replaceChildren(...tips);
    byId("scorecard").hidden = false;
  }

  // static/src/diana.ts
  var RECONNECT_DELAYS_MS = [
    2e3,
    5e3,
    1e4
  ];
  var RESTART_DELAY_MS = 5e3;
  var STATE_LABELS = {
    "signed-out": "Signed out",
    connecting: "Connecting\u2026",
    connected: "Connected",
    reconnecting: "Reconnecting\u2026",
    disconnected: "Disconnected"
  };
  var CALL_LABELS = {
    idle: "",
    thinking: "Diana is thinking\u2026",
    speaking: "Diana is speaking\u2026",
    listening: "Your turn",
    ended: "Call ended"
  };
  var EMOTIONS = {
    angry: [
      "\u{1F620}",
      "Angry"
    ],
    frustrated: [
      "\u{1F623}",
      "Frustrated"
    ],
    concerned: [
      "\u{1F61F}",
      "Concerned"
    ],
    calm: [
      "\u{1F60C}",
      "Calm"
    ],
    happy: [
      "\u{1F60A}",
      "Happy"
    ]
  };
  var session = pageSession();
  var voice = dianaVoice();
  var ui = {
    connectionState: byId("connection-state"),
    reconnectingBanner: byId("reconnecting-banner"),
    signedOutHint: byId("signed-out-hint"),
    setupForm: byId("setup-form"),
    setupFields: byId("setup-fields"),
    scenarioSelect: byId("scenario-select"),
    scenarioSummary: byId("scenario-summary"),
    call: byId("call"),
    emotionFace: byId("emotion-face"),
    callerName: byId("caller-name"),
    emotion: byId("emotion"),
    callState: byId("call-state"),
    transcript: byId("transcript"),
    sayForm: byId("say-form"),
    sayFields: byId("say-fields"),
    sayInput: byId("say-input"),
    micButton: byId("mic-button"),
    endButton: byId("end-button"),
    scorecard: byId("scorecard"),
    lineTemplate: byId("line-template")
  };
  var errors = errorBox();
  var hub;
  var signedInAs;
  var scenarios = /* @__PURE__ */ new Map();
  var call;
  var stopListening;
  session.onChange(() => void follow());
  async function follow() {
    const identity2 = session.token() && `${session.user()}/${session.token()}`;
    if (identity2 === signedInAs) return;
    signedInAs = identity2;
    const previous = hub;
    hub = void 0;
    resetCall();
    errors.clear();
    render();
    previous?.subscriptions.unsubscribe();
    await previous?.client.stop();
    if (identity2) connect();
  }
  function connect() {
    const client = hubClient(DIANA_HUB_PATH, {
      accessTokenFactory: () => session.token() ?? "",
      reconnect: RECONNECT_DELAYS_MS
    });
    const subscriptions = client.on("ProcessingStarted").subscribe((event) => {
      if (ours(event)) setCallState("thinking");
    });
    subscriptions.add(client.on("DianaStartsSpeaking").subscribe((message) => {
      if (ours(message)) dianaSpeaks(message);
    }));
    subscriptions.add(client.on("DianaInterrupted").subscribe(() => {
      if (call?.state === "speaking") stopSpeaking();
    }));
    subscriptions.add(client.on("Error").subscribe((event) => {
      if (!ours(event)) return;
      errors.show(event.error ? `${event.message} (${event.error})` : event.message);
      if (call?.state === "thinking") setCallState("listening");
    }));
    subscriptions.add(client.state$.subscribe(setState));
    subscriptions.add(client.errors$.subscribe(errors.show));
    subscriptions.add(client.closed$.subscribe(() => {
      errors.show(`The connection was lost. Trying again in ${RESTART_DELAY_MS / 1e3} s.`);
      setTimeout(() => start(current), RESTART_DELAY_MS);
    }));
    client.rejoin(async () => {
      if (client.state !== "reconnecting") errors.clear();
      if (scenarios.size === 0) listScenarios(await client.invoke("ListScenarios"));
      await rebind(client);
    });
    const current = hub = {
      client,
      subscriptions
    };
    start(current);
  }
  async function start(current) {
    if (hub !== current) return;
    try {
      await current.client.start();
    } catch (error) {
      if (hub !== current) return;
      errors.show(`Could not connect (${explain(error)}). Trying again in ${RESTART_DELAY_MS / 1e3} s.`);
      setTimeout(() => start(current), RESTART_DELAY_MS);
    }
  }
  async function rebind(client) {
    if (!call || call.state === "ended") return;
    try {
      const status = await client.invoke("GetStatus", call.sessionId);
      if (status.state === "ended") scorecard(status);
    } catch (error) {
      errors.show(`The call was lost: ${explain(error)}`);
      setCallState("ended");
    }
  }
  function ours(event) {
    return call !== void 0 && event.sessionId === call.sessionId;
  }
  function dianaSpeaks(message) {
    const speaking = call;
    speaking.lastLine = addLine("diana", message.text);
    setEmotion(message.emotion);
    setCallState("speaking");
    speaking.hush = voice.speak(message.text, message.emotion, () => {
      if (call === speaking && speaking.state === "speaking") setCallState("listening");
    });
    if (message.shouldEndCall) endOfCall();
  }
  function stopSpeaking() {
    call?.hush?.();
    if (call?.state !== "ended") setCallState("listening");
  }
  function interrupt() {
    if (!call || call.state !== "speaking") return;
    if (call.lastLine) call.lastLine.dataset.interrupted = "true";
    stopSpeaking();
    hub?.client.invoke("UserInterrupted", call.sessionId).catch(errors.show);
  }
  async function endOfCall() {
    setCallState("ended");
    stopMicrophone();
    try {
      if (call && hub) scorecard(await hub.client.invoke("GetStatus", call.sessionId));
    } catch (error) {
      errors.show(error);
    }
  }
  ui.setupForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    resetCall();
    errors.clear();
    const started = call = {
      sessionId: crypto.randomUUID(),
      state: "idle"
    };
    const scenario = scenarios.get(ui.scenarioSelect.value);
    ui.callerName.textContent = scenario?.customer ?? "Diana";
    setEmotion(void 0);
    setCallState("thinking");
    try {
      if (!hub || !scenario) throw new Error("Choose a scenario once connected.");
      await hub.client.invoke("InitiateSessionWithScenario", started.sessionId, scenario.id);
      ui.sayInput.focus();
    } catch (error) {
      errors.show(error);
      resetCall();
    }
    render();
  });
  ui.sayForm.addEventListener("submit", (event) => {
    event.preventDefault();
    say(ui.sayInput.value);
  });
  async function say(text) {
    if (!call || call.state === "ended" || text.trim() === "") return;
    interrupt();
    addLine("trainee", text.trim());
    if (ui.sayInput.value === text) ui.sayInput.value = "";
    try {
      await hub?.client.invoke("UserSpoke", call.sessionId, text);
    } catch (error) {
      errors.show(error);
    }
  }
  ui.sayInput.addEventListener("input", interrupt);
  ui.endButton.addEventListener("click", async () => {
    if (!call || call.state === "ended") return;
    try {
      await hub?.client.invoke("EndSession", call.sessionId);
      stopSpeaking();
      await endOfCall();
    } catch (error) {
      errors.show(error);
    }
  });
  ui.micButton.addEventListener("click", () => {
    if (stopListening) return stopMicrophone();
    stopListening = voice.listen({
      onSpeechStart: interrupt,
      onLine: say,
      onError: errors.show
    });
    ui.micButton.setAttribute("aria-pressed", "true");
    ui.micButton.textContent = "Listening\u2026";
  });
  function stopMicrophone() {
    stopListening?.();
    stopListening = void 0;
    ui.micButton.setAttribute("aria-pressed", "false");
    ui.micButton.textContent = "Speak";
  }
  ui.scenarioSelect.addEventListener("change", renderSummary);
  function listScenarios(list) {
    scenarios = new Map(list.map((scenario) => [
      scenario.id,
      scenario
    ]));
    ui.scenarioSelect.replaceChildren(...list.map((s) => new Option(s.title, s.id)));
    renderSummary();
  }
  function renderSummary() {
    ui.scenarioSummary.textContent = scenarios.get(ui.scenarioSelect.value)?.summary ?? "";
  }
  function resetCall() {
    call?.hush?.();
    stopMicrophone();
    call = void 0;
    ui.transcript.replaceChildren();
    ui.scorecard.hidden = true;
    ui.reconnectingBanner.hidden = true;
  }
  function addLine(speaker, text) {
    const item = ui.lineTemplate.content.firstElementChild.cloneNode(true);
    item.dataset.speaker = speaker;
    const who = speaker === "diana" ? ui.callerName.textContent : "You";
    item.querySelector(".line-speaker").textContent = who;
    item.querySelector(".line-text").textContent = text;
    ui.transcript.append(item);
    ui.transcript.scrollTop = ui.transcript.scrollHeight;
    return item;
  }
  function setEmotion(emotion) {
    const [face, label] = emotion ? EMOTIONS[emotion] : [
      "\u{1F610}",
      "On the line"
    ];
    ui.emotion.dataset.emotion = emotion ?? "";
    ui.emotion.textContent = label;
    ui.emotionFace.textContent = face;
  }
  function setCallState(state) {
    if (!call) return;
    call.state = state;
    ui.callState.dataset.state = state;
    ui.callState.textContent = CALL_LABELS[state];
    render();
  }
  function setState(state) {
    ui.reconnectingBanner.hidden = state !== "reconnecting";
    ui.connectionState.dataset.state = state;
    ui.connectionState.textContent = STATE_LABELS[state];
    render();
  }
  function render() {
    const signedIn = signedInAs !== void 0;
    const connected = hub?.client.state === "connected";
    if (!signedIn) {
      ui.connectionState.dataset.state = "signed-out";
      ui.connectionState.textContent = STATE_LABELS["signed-out"];
    }
    const calling = call !== void 0 && call.state !== "ended";
    ui.signedOutHint.hidden = signedIn;
    ui.setupForm.hidden = !signedIn;
    ui.setupFields.disabled = !connected || scenarios.size === 0 || calling;
    ui.call.hidden = !signedIn || !call;
    ui.sayFields.disabled = !connected || !call || call.state === "ended";
    ui.micButton.hidden = !voice.canListen;
  }
  function scorecard(status) {
    if (!status.scorecard || status.sessionId !== call?.sessionId) return;
    setCallState("ended");
    showScorecard(status.scorecard);
    render();
  }
  follow();
})();
