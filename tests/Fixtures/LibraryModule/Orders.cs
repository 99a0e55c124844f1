using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace LibraryModule;

/// <summary>The module's own domain types, which every probe hands to its library.</summary>
public class Order
{
    public int Id { get; set; }

    [Required]
    [StringLength(40)]
    public string Customer { get; set; } = "";

    public List<OrderLine> Lines { get; set; } = [];

    public Money Total { get; set; }
}

public class OrderLine
{
    public int Id { get; set; }

    public string Sku { get; set; } = "";

    public int Quantity { get; set; }
}

public class OrderDto
{
    public int Id { get; set; }

    public string Customer { get; set; } = "";

    public int LineCount { get; set; }
}

[TypeConverter(typeof(MoneyConverter))]
public struct Money
{
    public decimal Amount { get; set; }
}

public sealed class MoneyConverter : TypeConverter
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) => sourceType == typeof(string);

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        new Money { Amount = decimal.Parse((string)value, CultureInfo.InvariantCulture) };
}

public sealed class OrderRejectedException(string message) : Exception(message);

public static class Orders
{
    public static Order Sample() => new()
    {
        Id = 7,
        Customer = "ACME",
        Lines = [new OrderLine { Id = 1, Sku = "BOLT", Quantity = 3 }, new OrderLine { Id = 2, Sku = "NUT", Quantity = 5 }],
        Total = new Money { Amount = 12.5m },
    };
}
