"""Operations and capacity: KPIs, forecasts and staffing."""
