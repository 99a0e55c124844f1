using System.Collections.Concurrent;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Linq.Expressions;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using System.Xml.Serialization;
using Autofac;
using AutoMapper;
using Castle.DynamicProxy;
using Dapper;
using FluentValidation;
using MediatR;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Modulets.TestContracts;
using Polly;
using Polly.Retry;

namespace LibraryModule;

// Each probe uses one library the way application code does, with the module's own types, and says what it saw.

public sealed class PollyProbe : IProbe
{
    public string Describe()
    {
        var attempts = 0;
        var pipeline = new ResiliencePipelineBuilder<Order>()
            .AddRetry(new RetryStrategyOptions<Order>
            {
                ShouldHandle = new PredicateBuilder<Order>().Handle<OrderRejectedException>(),
                MaxRetryAttempts = 3,
                Delay = TimeSpan.Zero,
            })
            .Build();
        var order = pipeline.Execute(() => ++attempts < 3 ? throw new OrderRejectedException("busy") : Orders.Sample());
        return $"{order.Customer} after {attempts} attempts";
    }
}

public sealed class OptionsValidationProbe : IProbe
{
    public string Describe()
    {
        var services = new ServiceCollection();
        services.AddOptions<Order>().Configure(order => order.Customer = "ACME").ValidateDataAnnotations().ValidateOnStart();
        using var provider = services.BuildServiceProvider();
        var valid = provider.GetRequiredService<IOptions<Order>>().Value.Customer;
        services.AddOptions<Order>("bad").Configure(order => order.Customer = "").ValidateDataAnnotations();
        using var failing = services.BuildServiceProvider();
        try
        {
            _ = failing.GetRequiredService<IOptionsMonitor<Order>>().Get("bad");
            return $"{valid}, bad options accepted";
        }
        catch (OptionsValidationException e)
        {
            return $"{valid}, rejected: {e.Failures.Count()} failure";
        }
    }
}

public sealed class DataAnnotationsProbe : IProbe
{
    public string Describe()
    {
        var results = new List<ValidationResult>();
        var order = new Order { Customer = "" };
        var valid = Validator.TryValidateObject(order, new ValidationContext(order), results, validateAllProperties: true);
        return $"valid={valid}, {results.Count} error";
    }
}

public sealed class XmlSerializerProbe : IProbe
{
    public string Describe()
    {
        var serializer = new XmlSerializer(typeof(Order));
        using var writer = new StringWriter();
        serializer.Serialize(writer, Orders.Sample());
        var copy = (Order)serializer.Deserialize(new StringReader(writer.ToString()))!;
        return $"{copy.Customer} with {copy.Lines.Count} lines";
    }
}

public sealed class CompiledExpressionProbe : IProbe
{
    public string Describe() => $"{Quantities(preferInterpretation: false)} lines";

    internal static int Quantities(bool preferInterpretation)
    {
        var order = Expression.Parameter(typeof(Order), "order");
        var line = Expression.Parameter(typeof(OrderLine), "line");
        var quantity = Expression.Lambda<Func<OrderLine, int>>(Expression.Property(line, nameof(OrderLine.Quantity)), line);
        var sum = Expression.Call(
            typeof(Enumerable).GetMethods().Single(m => m.Name == nameof(Enumerable.Sum) && m.IsGenericMethodDefinition && m.GetParameters()[1].ParameterType == typeof(Func<,>).MakeGenericType(m.GetGenericArguments()[0], typeof(int))).MakeGenericMethod(typeof(OrderLine)),
            Expression.Property(order, nameof(Order.Lines)),
            quantity);
        return Expression.Lambda<Func<Order, int>>(sum, order).Compile(preferInterpretation)(Orders.Sample());
    }
}

public sealed class InterpretedExpressionProbe : IProbe
{
    public string Describe() => $"{CompiledExpressionProbe.Quantities(preferInterpretation: true)} lines";
}

public sealed class TypeDescriptorProbe : IProbe
{
    public string Describe()
    {
        var properties = TypeDescriptor.GetProperties(typeof(Order));
        var money = (Money)TypeDescriptor.GetConverter(typeof(Money)).ConvertFrom("4.25")!;
        var lines = TypeDescriptor.GetProperties(Orders.Sample().Lines).Count;
        return $"{properties.Count} properties, {money.Amount}, {lines}";
    }
}

public sealed class EntityFrameworkProbe : IProbe
{
    public string Describe()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        var options = new DbContextOptionsBuilder<ShopContext>().UseSqlite(connection).Options;
        using (var context = new ShopContext(options))
        {
            context.Database.EnsureCreated();
            context.Orders.Add(Orders.Sample());
            context.SaveChanges();
        }

        using var reading = new ShopContext(options);
        var order = reading.Orders.Include(o => o.Lines).Single(o => o.Customer == "ACME");
        return $"{order.Customer} with {order.Lines.Count} lines";
    }
}

public sealed class ShopContext(DbContextOptions<ShopContext> options) : DbContext(options)
{
    public DbSet<Order> Orders => Set<Order>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Order>().Ignore(order => order.Total);
}

public sealed class SqliteProbe : IProbe
{
    public string Describe()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT $sku || ':' || $quantity";
        var line = Orders.Sample().Lines[0];
        command.Parameters.AddWithValue("$sku", line.Sku);
        command.Parameters.AddWithValue("$quantity", line.Quantity);
        return (string)command.ExecuteScalar()!;
    }
}

public sealed class DapperProbe : IProbe
{
    public string Describe()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        connection.Execute("CREATE TABLE Lines (Id INTEGER, Sku TEXT, Quantity INTEGER)");
        connection.Execute("INSERT INTO Lines VALUES (@Id, @Sku, @Quantity)", Orders.Sample().Lines);
        var lines = connection.Query<OrderLine>("SELECT Id, Sku, Quantity FROM Lines WHERE Quantity > @min", new { min = 1 }).ToList();
        return $"{lines.Count} lines, {lines.Sum(l => l.Quantity)} items";
    }
}

public sealed record PlaceOrder(Order Order) : IRequest<int>;

public sealed class PlaceOrderHandler : IRequestHandler<PlaceOrder, int>
{
    public Task<int> Handle(PlaceOrder request, CancellationToken cancellationToken) => Task.FromResult(request.Order.Lines.Sum(line => line.Quantity));
}

public sealed class MediatRProbe : IProbe
{
    public string Describe()
    {
        var handlers = new ConcurrentDictionary<Type, object>();
        handlers[typeof(IRequestHandler<PlaceOrder, int>)] = new PlaceOrderHandler();
        IMediator mediator = new Mediator(type => handlers.TryGetValue(type, out var handler) ? handler : Array.CreateInstance(type.GetGenericArguments().FirstOrDefault() ?? typeof(object), 0));
        return $"{mediator.Send(new PlaceOrder(Orders.Sample())).GetAwaiter().GetResult()} items";
    }
}

public interface IOrderRepository
{
    Order Find(int id);
}

public sealed class OrderRepository : IOrderRepository
{
    public Order Find(int id) => Orders.Sample();
}

public sealed class AutofacProbe : IProbe
{
    public string Describe()
    {
        var builder = new ContainerBuilder();
        builder.RegisterType<OrderRepository>().As<IOrderRepository>().SingleInstance();
        using var container = builder.Build();
        using var scope = container.BeginLifetimeScope();
        return scope.Resolve<IOrderRepository>().Find(7).Customer;
    }
}

public sealed class OrderValidator : AbstractValidator<Order>
{
    public OrderValidator()
    {
        RuleFor(order => order.Customer).NotEmpty();
        RuleForEach(order => order.Lines).ChildRules(line => line.RuleFor(l => l.Quantity).GreaterThan(0));
    }
}

public sealed class FluentValidationProbe : IProbe
{
    public string Describe()
    {
        var result = new OrderValidator().Validate(new Order { Lines = [new OrderLine { Quantity = 0 }] });
        return $"{result.Errors.Count} errors";
    }
}

public sealed class AutoMapperProbe : IProbe
{
    public string Describe()
    {
        var configuration = new MapperConfiguration(
            cfg => cfg.CreateMap<Order, OrderDto>().ForMember(dto => dto.LineCount, o => o.MapFrom(order => order.Lines.Count)));
        var dto = configuration.CreateMapper().Map<OrderDto>(Orders.Sample());
        return $"{dto.Customer} with {dto.LineCount} lines";
    }
}

public sealed class CountingInterceptor : IInterceptor
{
    public int Calls { get; private set; }

    public void Intercept(IInvocation invocation)
    {
        Calls++;
        invocation.Proceed();
    }
}

public sealed class DynamicProxyProbe : IProbe
{
    public string Describe()
    {
        var interceptor = new CountingInterceptor();
        var proxy = new ProxyGenerator().CreateInterfaceProxyWithTarget<IOrderRepository>(new OrderRepository(), interceptor);
        return $"{proxy.Find(7).Customer}, {interceptor.Calls} call intercepted";
    }
}

[JsonSerializable(typeof(Order))]
public sealed partial class OrderJsonContext : JsonSerializerContext;

public sealed class JsonSourceGeneratorProbe : IProbe
{
    public string Describe()
    {
        var json = JsonSerializer.Serialize(Orders.Sample(), OrderJsonContext.Default.Order);
        var copy = JsonSerializer.Deserialize(json, OrderJsonContext.Default.Order)!;
        return $"{copy.Customer} with {copy.Lines.Count} lines";
    }
}

public sealed class CompiledRegexProbe : IProbe
{
    private static readonly Regex s_sku = new("^[A-Z]+$", RegexOptions.Compiled);

    public string Describe()
    {
        var lines = Orders.Sample().Lines;
        var matched = lines.Count(line => s_sku.IsMatch(line.Sku));
        var cached = lines.Count(line => Regex.IsMatch(line.Sku, "^[A-Z]{3,4}$", RegexOptions.Compiled));
        return $"{matched} and {cached} skus";
    }
}
